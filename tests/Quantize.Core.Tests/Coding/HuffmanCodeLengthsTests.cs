using Quantize.Core.Accounting;
using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class HuffmanCodeLengthsTests
{
    [Fact]
    public void Compute_KnownSkewedSource()
    {
        int[] lengths = HuffmanCodeLengths.Compute(new long[] { 1, 1, 2, 4, 8 });
        Assert.Equal(new[] { 4, 4, 3, 2, 1 }, lengths);
    }

    [Fact]
    public void Compute_UnusedSymbolsGetLengthZero()
    {
        int[] lengths = HuffmanCodeLengths.Compute(new long[] { 0, 5, 0, 3, 2, 0 });
        Assert.Equal(new[] { 0, 1, 0, 2, 2, 0 }, lengths);
    }

    [Fact]
    public void Compute_SingleUsedSymbolGetsLengthOne()
    {
        Assert.Equal(new[] { 0, 0, 1 }, HuffmanCodeLengths.Compute(new long[] { 0, 0, 42 }));
    }

    [Fact]
    public void Compute_NoUsedSymbols_AllZero()
    {
        Assert.Empty(HuffmanCodeLengths.Compute(ReadOnlySpan<long>.Empty));
        Assert.Equal(new[] { 0, 0 }, HuffmanCodeLengths.Compute(new long[] { 0, 0 }));
    }

    [Fact]
    public void Compute_UniformOverPowerOfTwo_GivesEqualLengths()
    {
        Assert.All(HuffmanCodeLengths.Compute(Enumerable.Repeat(7L, 16).ToArray()), l => Assert.Equal(4, l));
    }

    [Fact]
    public void Compute_MatchesBruteForceOptimum_OnSmallAlphabets()
    {
        var random = new Random(7);
        for (int n = 2; n <= 7; n++)
        {
            for (int trial = 0; trial < 30; trial++)
            {
                long[] frequencies = CodingTestData.RandomFrequencies(random, n, maxFrequency: trial % 2 == 0 ? 10 : 1000);
                int[] lengths = HuffmanCodeLengths.Compute(frequencies);

                AssertValidLengths(frequencies, lengths, CanonicalHuffmanCode.MaxCodeLength);
                Assert.Equal(
                    BruteForcePrefixCode.OptimalCost(frequencies, int.MaxValue),
                    CodingTestData.Cost(frequencies, lengths));
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Compute_LengthLimited_MatchesBruteForceOptimum(int maxLength)
    {
        var random = new Random(maxLength);
        var sources = new List<long[]> { CodingTestData.Fibonacci(4), CodingTestData.Fibonacci(7) };
        for (int trial = 0; trial < 40; trial++)
        {
            // Steep random sources, so the limit usually binds.
            int n = random.Next(2, 8);
            sources.Add(Enumerable.Range(0, n).Select(i => (long)random.Next(1, 4) << (2 * i)).ToArray());
        }

        foreach (long[] frequencies in sources)
        {
            int used = frequencies.Count(f => f > 0);
            if (used > 1 << maxLength)
            {
                continue;
            }

            int[] lengths = HuffmanCodeLengths.Compute(frequencies, maxLength);

            AssertValidLengths(frequencies, lengths, maxLength);
            Assert.Equal(
                BruteForcePrefixCode.OptimalCost(frequencies, maxLength),
                CodingTestData.Cost(frequencies, lengths));
        }
    }

    [Fact]
    public void Compute_MatchesNaiveHuffmanCost_OnLargerAlphabets()
    {
        var random = new Random(11);
        foreach (int n in new[] { 20, 100, 300 })
        {
            long[] frequencies = CodingTestData.RandomFrequencies(random, n);
            int[] lengths = HuffmanCodeLengths.Compute(frequencies);

            AssertValidLengths(frequencies, lengths, CanonicalHuffmanCode.MaxCodeLength);
            Assert.Equal(BruteForcePrefixCode.HuffmanCost(frequencies), CodingTestData.Cost(frequencies, lengths));
        }
    }

    [Fact]
    public void Compute_FibonacciSource_UnlimitedIsMaximallyDeep_LimitedIsCapped()
    {
        long[] frequencies = CodingTestData.Fibonacci(20);

        int[] unlimited = HuffmanCodeLengths.Compute(frequencies);
        Assert.Equal(19, unlimited.Max());
        Assert.Equal(BruteForcePrefixCode.HuffmanCost(frequencies), CodingTestData.Cost(frequencies, unlimited));

        int[] limited = HuffmanCodeLengths.Compute(frequencies, maxLength: 8);
        AssertValidLengths(frequencies, limited, 8);
        Assert.Equal(8, limited.Max());
        Assert.True(CodingTestData.Cost(frequencies, limited) > CodingTestData.Cost(frequencies, unlimited));
    }

    [Fact]
    public void Compute_DefaultLimit_CapsAt32Bits()
    {
        long[] frequencies = CodingTestData.Fibonacci(40);
        int[] lengths = HuffmanCodeLengths.Compute(frequencies);

        AssertValidLengths(frequencies, lengths, 32);
        Assert.Equal(32, lengths.Max());
    }

    [Fact]
    public void Compute_AverageLengthIsWithinOneBitOfEntropy()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 50; trial++)
        {
            long[] frequencies = CodingTestData.RandomFrequencies(random, random.Next(2, 200), maxFrequency: 100_000);
            if (frequencies.Count(f => f > 0) < 2)
            {
                continue;
            }

            int[] lengths = HuffmanCodeLengths.Compute(frequencies);
            double average = (double)CodingTestData.Cost(frequencies, lengths) / frequencies.Sum();
            double entropy = Entropy.Bits(frequencies);

            Assert.InRange(average, entropy - 1e-9, entropy + 1 - 1e-12);
        }
    }

    [Fact]
    public void Compute_IsDeterministic_WithTies()
    {
        long[] frequencies = { 3, 3, 3, 3, 3, 0, 3 };
        int[] first = HuffmanCodeLengths.Compute(frequencies);

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(first, HuffmanCodeLengths.Compute(frequencies));
        }

        // Equal weights: lower symbols sort first among the lightest, so they get the longer codes.
        Assert.Equal(new[] { 3, 3, 3, 3, 2, 0, 2 }, first);
    }

    [Fact]
    public void Compute_ExactlyTwoToTheMaxLengthSymbols_AllGetMaxLength()
    {
        long[] frequencies = { 100, 1, 1, 1 };
        Assert.Equal(new[] { 2, 2, 2, 2 }, HuffmanCodeLengths.Compute(frequencies, maxLength: 2));
    }

    [Fact]
    public void Compute_TooManySymbolsForTheLimit_Throws()
    {
        Assert.Throws<ArgumentException>(() => HuffmanCodeLengths.Compute(new long[] { 1, 1, 1, 1, 1 }, maxLength: 2));
        Assert.Throws<ArgumentException>(() => HuffmanCodeLengths.Compute(new long[] { 1, 1, 1 }, maxLength: 1));
    }

    [Fact]
    public void Compute_RejectsNegativeFrequenciesAndBadLimits()
    {
        Assert.Throws<ArgumentException>(() => HuffmanCodeLengths.Compute(new long[] { 1, -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => HuffmanCodeLengths.Compute(new long[] { 1, 1 }, maxLength: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => HuffmanCodeLengths.Compute(new long[] { 1, 1 }, maxLength: 33));
    }

    [Fact]
    public void Compute_RejectsFrequenciesThatCouldOverflow()
    {
        Assert.Throws<ArgumentException>(() => HuffmanCodeLengths.Compute(new[] { long.MaxValue / 2, long.MaxValue / 2 }));
    }

    private static void AssertValidLengths(long[] frequencies, int[] lengths, int maxLength)
    {
        Assert.Equal(frequencies.Length, lengths.Length);
        for (int i = 0; i < frequencies.Length; i++)
        {
            if (frequencies[i] == 0)
            {
                Assert.Equal(0, lengths[i]);
            }
            else
            {
                Assert.InRange(lengths[i], 1, maxLength);
            }
        }

        // Two or more used symbols: an optimal code is complete.
        if (frequencies.Count(f => f > 0) >= 2)
        {
            Assert.Equal(1.0, CodingTestData.Kraft(lengths), 12);
        }
    }
}
