using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class CodingGroupsTests
{
    /// <summary>A tensor's symbols: <paramref name="count"/> draws, roughly Gaussian, over <paramref name="width"/> levels around <paramref name="center"/>.</summary>
    static int[] Tensor(Random random, int count, int center, double width) =>
        [.. Enumerable.Range(0, count).Select(_ => center + (int)Math.Round(width / 3 * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5)))];

    /// <summary>Tensors of the given widths (in levels), 20,000 symbols each, over 1,000 levels of step 0.01 centered on 0.</summary>
    static (int[] Symbols, long[] Lengths, float[] Values) Source(int seed, params double[] widths)
    {
        var random = new Random(seed);
        int[][] tensors = [.. widths.Select(w => Tensor(random, 20_000, 500, w))];
        float[] values = [.. Enumerable.Range(0, 1000).Select(j => (j - 500) * 0.01f)];
        return ([.. tensors.SelectMany(t => t)], [.. tensors.Select(t => (long)t.Length)], values);
    }

    [Fact]
    public void TensorsOfVeryDifferentSpreads_AreCodedApart()
    {
        (int[] symbols, long[] lengths, float[] values) = Source(1, 600, 4, 610, 5);
        var price = new TablePrice(bitsPerValue: 40);

        IReadOnlyList<CodingGroup> groups = CodingGroups.Partition(symbols, lengths, values, price);

        Assert.Equal(2, groups.Count);
        Assert.Equal([[1, 3], [0, 2]], groups.Select(g => g.Tensors).OrderBy(t => t[0] == 0 ? 1 : 0));
        CodingGroup narrow = groups.Single(g => g.Tensors[0] == 1);
        Assert.InRange(narrow.Levels.Length, 3, 8);
        double one = price.Of([new CodingGroup([0, 1, 2, 3], [.. symbols.Distinct().Order()], false)], symbols, lengths, values);
        Assert.True(price.Of(groups, symbols, lengths, values) < 0.9 * one);
    }

    [Fact]
    public void WhenTablesCostMoreThanTheySave_OneTableHoldsEveryUsedLevel()
    {
        (int[] symbols, long[] lengths, float[] values) = Source(2, 600, 4, 50);

        CodingGroup group = Assert.Single(CodingGroups.Partition(symbols, lengths, values, new TablePrice(bitsPerValue: 1e6)));

        Assert.Equal([0, 1, 2], group.Tensors);
        Assert.Equal(symbols.Distinct().Order(), group.Levels);
        Assert.False(group.UsesAppended);
    }

    [Theory]
    [InlineData(3, new[] { 4.0, 40, 600, 5, 45, 620 })]
    [InlineData(4, new[] { 2.0, 300, 8, 310, 12, 2 })]
    [InlineData(5, new[] { 100.0, 110, 120, 130, 140, 150 })]
    public void MatchesTheCheapestPartitionByBruteForce_OnWellSeparatedSpreads(int seed, double[] widths)
    {
        (int[] symbols, long[] lengths, float[] values) = Source(seed, widths);
        var price = new TablePrice(bitsPerValue: 40);

        double greedy = price.Of(CodingGroups.Partition(symbols, lengths, values, price), symbols, lengths, values);

        Assert.Equal(ReferencePartition.CheapestBits(symbols, lengths, values, price), greedy);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void NeverCostsMoreThanOneTable(int seed)
    {
        var random = new Random(seed);
        double[] widths = [.. Enumerable.Range(0, 12).Select(_ => Math.Pow(2, random.NextDouble() * 9.9))];
        (int[] symbols, long[] lengths, float[] values) = Source(seed, widths);
        foreach (double bitsPerValue in new[] { 8.0, 40, 400 })
        {
            var price = new TablePrice(bitsPerValue);
            double one = price.Of([new CodingGroup([.. Enumerable.Range(0, 12)], [.. symbols.Distinct().Order()], false)], symbols, lengths, values);

            Assert.True(price.Of(CodingGroups.Partition(symbols, lengths, values, price), symbols, lengths, values) <= one);
        }
    }

    [Fact]
    public void EveryTensorIsInOneGroup_AndItsSymbolsRestoreTheSameValues()
    {
        (int[] symbols, long[] lengths, float[] values) = Source(9, 600, 4, 610, 5, 60);
        IReadOnlyList<CodingGroup> groups = CodingGroups.Partition(symbols, lengths, values, new TablePrice(40));

        Assert.Equal(Enumerable.Range(0, 5), groups.SelectMany(g => g.Tensors).Order());
        long[] offsets = [0, .. lengths.Select((_, t) => lengths.Take(t + 1).Sum())];
        foreach (CodingGroup group in groups)
        {
            int[] renumbered = group.Renumber(symbols, lengths);
            float[] expected = [.. group.Tensors.SelectMany(t => symbols[(int)offsets[t]..(int)offsets[t + 1]]).Select(s => values[s])];
            Assert.Equal(expected, renumbered.Select(j => values[group.Levels[j]]));
            Assert.Equal(group.Levels.Length, renumbered.Distinct().Count()); // every level it holds is used
        }
    }

    [Fact]
    public void TheSameInputGivesTheSameGroups()
    {
        (int[] symbols, long[] lengths, float[] values) = Source(10, 600, 4, 610, 5, 60, 70, 2);

        string first = Describe(CodingGroups.Partition(symbols, lengths, values, new TablePrice(40)));
        string second = Describe(CodingGroups.Partition(symbols, lengths, values, new TablePrice(40)));

        Assert.Equal(first, second);
    }

    [Fact]
    public void AppendedSymbols_MarkTheGroupsThatCodeThem()
    {
        (int[] symbols, long[] lengths, float[] values) = Source(11, 600, 4);

        IReadOnlyList<CodingGroup> groups = CodingGroups.Partition(symbols, lengths, values, new TablePrice(40), appended: [0, 3000]);

        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal(g.Tensors.Contains(1), g.UsesAppended));
    }

    [Fact]
    public void LengthsThatDoNotCoverTheSymbols_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => CodingGroups.Partition([0, 1, 2], [1, 1], [0f, 1f, 2f], new TablePrice(40)));
        Assert.Throws<ArgumentException>(() => CodingGroups.Partition([0, 1, 5], [3], [0f, 1f, 2f], new TablePrice(40)));
        Assert.Throws<ArgumentException>(() => CodingGroups.Partition([0, 1, 2], [3], [0f, 1f, 2f], new TablePrice(40), appended: [1, 2]));
    }

    [Fact]
    public void NoTensors_NoGroups()
    {
        Assert.Empty(CodingGroups.Partition([], [], [1f], new TablePrice(40)));
    }

    static string Describe(IReadOnlyList<CodingGroup> groups) =>
        string.Join(" | ", groups.Select(g => $"{string.Join(",", g.Tensors)}: {string.Join(",", g.Levels)}"));
}
