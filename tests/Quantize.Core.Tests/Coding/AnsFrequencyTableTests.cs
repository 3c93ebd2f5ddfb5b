using Quantize.Core.Accounting;
using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class AnsFrequencyTableTests
{
    [Fact]
    public void FromCounts_MatchesTheGreedyOptimum()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 300; trial++)
        {
            long[] counts = RandomCounts(random, random.Next(1, 40));
            int used = counts.Count(c => c > 0);
            int precision = Math.Max(random.Next(0, 11), used <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(used)));

            int[] expected = AnsReferenceQuantizer.Quantize(counts, precision);
            var table = AnsFrequencyTable.FromCounts(counts, precision);
            int[] actual = table.Frequencies.ToArray();

            Assert.Equal(1 << precision, actual.Sum());
            Assert.All(counts.Zip(actual), pair => Assert.Equal(pair.First > 0, pair.Second > 0));
            double expectedCost = AnsReferenceQuantizer.Cost(counts, expected, precision);
            Assert.Equal(expectedCost, AnsReferenceQuantizer.Cost(counts, actual, precision), 1e-9 * Math.Max(1, expectedCost));
            Assert.Equal(expectedCost, table.CostBits(counts), 1e-9 * Math.Max(1, expectedCost));
        }
    }

    [Fact]
    public void FromCounts_ManyRareSymbols_StillGetOneEach()
    {
        // 200 symbols seen once next to one seen 10^9 times: rounding gives the rare ones 0, and
        // raising them to 1 overshoots M = 256, so the common symbol must give the units back.
        long[] counts = Enumerable.Repeat(1L, 200).Append(1_000_000_000).ToArray();
        var table = AnsFrequencyTable.FromCounts(counts, precision: 8);

        Assert.All(table.Frequencies[..200].ToArray(), f => Assert.Equal(1, f));
        Assert.Equal(56, table.Frequencies[200]);
    }

    [Fact]
    public void FromCounts_ExactlyRepresentableProbabilities_AreKept()
    {
        var table = AnsFrequencyTable.FromCounts(new long[] { 8, 0, 4, 2, 2 }, precision: 4);

        Assert.Equal(new[] { 8, 0, 4, 2, 2 }, table.Frequencies.ToArray());
        Assert.Equal(0, table.CodingLossBits(new long[] { 8, 0, 4, 2, 2 }), 1e-12);
        Assert.Equal(8 * 1 + 4 * 2 + 2 * 3 + 2 * 3, table.CostBits(new long[] { 8, 0, 4, 2, 2 }), 1e-12);
    }

    [Fact]
    public void FromCounts_ChoosesTheSmallestPrecisionWithinTheTolerance()
    {
        var random = new Random(11);
        foreach (int[] symbols in new[]
        {
            AnsTestSources.Laplacian32(random, 200_000),
            AnsTestSources.Binary(random, 100_000, 0.001),
            AnsTestSources.Geometric(random, 300, 12),
            AnsTestSources.Uniform(random, 50_000, 1000),
        })
        {
            long[] counts = CodingTestData.Histogram(symbols, symbols.Max() + 1);
            int minPrecision = (int)Math.Ceiling(Math.Log2(counts.Count(c => c > 0)));
            double[] bits = Enumerable.Range(0, AnsFrequencyTable.MaxPrecision + 1)
                .Select(p => p < minPrecision ? double.PositiveInfinity : TotalBits(AnsFrequencyTable.FromCounts(counts, p), counts))
                .ToArray();
            int expected = Array.FindIndex(bits, b => b <= bits.Min() * (1 + AnsFrequencyTable.PrecisionTolerance));

            Assert.Equal(expected, AnsFrequencyTable.FromCounts(counts).Precision);
        }
    }

    [Fact]
    public void FromCounts_ExtremeSkew_RaisesThePrecision()
    {
        // p = 10^-6 needs fine slots: at precision 12 the rare symbol's one slot would cost the common
        // one 3.5·10^-4 bits per symbol, 17 times the entropy.
        long[] counts = { 100_000_000, 100 };
        var table = AnsFrequencyTable.FromCounts(counts);

        // At precision 19 one slot still costs the common symbol 275 bits against an optimum of 144.
        Assert.Equal(20, table.Precision);
        Assert.Equal(new[] { (1 << 20) - 1, 1 }, table.Frequencies.ToArray());
        Assert.InRange(table.CodingLossBits(counts), 0, 1);
    }

    [Fact]
    public void FromCounts_SingleSymbol_CostsNothing()
    {
        long[] counts = { 0, 0, 5000, 0 };
        var table = AnsFrequencyTable.FromCounts(counts);

        Assert.Equal(0, table.Precision);
        Assert.Equal(new[] { 0, 0, 1, 0 }, table.Frequencies.ToArray());
        Assert.Equal(1, table.UsedSymbolCount);
        Assert.Equal(0, table.CostBits(counts));
    }

    [Fact]
    public void FromCounts_NoSymbols_GivesAnEmptyTable()
    {
        var table = AnsFrequencyTable.FromCounts(new long[3]);

        Assert.Equal(0, table.UsedSymbolCount);
        Assert.Equal(new[] { 0, 0, 0 }, table.Frequencies.ToArray());
        Assert.Equal(0, AnsFrequencyTable.FromCounts(ReadOnlySpan<long>.Empty).SymbolCount);
    }

    [Fact]
    public void FromCounts_IsDeterministic()
    {
        long[] counts = CodingTestData.Histogram(AnsTestSources.Laplacian32(new Random(2), 100_000), 32);
        Assert.Equal(AnsFrequencyTable.FromCounts(counts).Frequencies.ToArray(), AnsFrequencyTable.FromCounts(counts).Frequencies.ToArray());
    }

    [Fact]
    public void FromCounts_RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => AnsFrequencyTable.FromCounts(new long[] { 1, -1 }));
        Assert.Throws<ArgumentException>(() => AnsFrequencyTable.FromCounts(new long[] { long.MaxValue, 1 }));
        Assert.Throws<ArgumentException>(() => AnsFrequencyTable.FromCounts(new long[] { 1, 1, 1 }, precision: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnsFrequencyTable.FromCounts(new long[] { 1 }, precision: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnsFrequencyTable.FromCounts(new long[] { 1 }, precision: 21));
        Assert.Throws<ArgumentException>(() => AnsFrequencyTable.FromCounts(Enumerable.Repeat(1L, (1 << 20) + 1).ToArray()));
    }

    [Theory]
    [InlineData(new[] { 1, 2 }, 2)] // sums to 3, not 4
    [InlineData(new[] { 4, 1 }, 2)] // sums to 5
    [InlineData(new[] { 5, 0 }, 2)] // a frequency above M
    [InlineData(new[] { -1, 5 }, 2)]
    [InlineData(new[] { int.MaxValue, int.MaxValue, 2 }, 20)]
    public void FromFrequencies_RejectsTablesThatDoNotSumToM(int[] frequencies, int precision)
    {
        Assert.Throws<InvalidDataException>(() => AnsFrequencyTable.FromFrequencies(frequencies, precision));
    }

    [Fact]
    public void FromFrequencies_KeepsAValidTable()
    {
        var table = AnsFrequencyTable.FromFrequencies(new[] { 3, 0, 1 }, 2);

        Assert.Equal(4, table.TotalFrequency);
        Assert.Equal(2, table.UsedSymbolCount);
        Assert.Equal(new[] { 0, 3, 3 }, table.Cumulative.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => AnsFrequencyTable.FromFrequencies(new[] { 1 }, 21));
    }

    [Fact]
    public void CostBits_RejectsSymbolsTheTableCannotCode()
    {
        var table = AnsFrequencyTable.FromFrequencies(new[] { 2, 0, 2 }, 2);

        Assert.Throws<ArgumentException>(() => table.CostBits(new long[] { 1, 1, 1 }));
        Assert.Throws<ArgumentException>(() => table.CostBits(new long[] { 1, 1 }));
        Assert.Throws<ArgumentException>(() => table.CostBits(new long[] { 1, 0, -1 }));
    }

    [Fact]
    public void CodingLoss_IsTheGapToTheEntropy()
    {
        long[] counts = { 700, 200, 100 };
        var table = AnsFrequencyTable.FromCounts(counts, precision: 3);
        double entropyBits = 1000 * Entropy.Bits(counts);

        Assert.Equal(table.CostBits(counts) - entropyBits, table.CodingLossBits(counts), 1e-9);
        Assert.True(table.CodingLossBits(counts) > 0);
    }

    internal static double TotalBits(AnsFrequencyTable table, long[] counts) => table.CostBits(counts) + table.SerializedBits;

    // Counts spread over many orders of magnitude, with zeros and many rare symbols; at least one used.
    private static long[] RandomCounts(Random random, int symbolCount)
    {
        var counts = new long[symbolCount];
        for (int s = 0; s < symbolCount; s++)
        {
            counts[s] = random.Next(5) == 0 ? 0 : (long)Math.Pow(10, random.NextDouble() * random.Next(1, 8));
        }

        counts[random.Next(symbolCount)]++;

        return counts;
    }
}
