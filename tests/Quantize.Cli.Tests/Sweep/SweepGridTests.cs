using Quantize.Cli.Sweep;
using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Tests.Sweep;

public class SweepGridTests
{
    [Theory]
    [InlineData("2..6", new[] { 2, 3, 4, 5, 6 })]
    [InlineData("2,4,6", new[] { 2, 4, 6 })]
    [InlineData("1..9", new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData("8, 1..3", new[] { 1, 2, 3, 8 })]
    [InlineData("4,4,3..4", new[] { 3, 4 })]
    [InlineData("5", new[] { 5 })]
    [InlineData("16..16", new[] { 16 })]
    public void BitListsAndRangesParseToSortedDistinctWidths(string text, int[] expected) =>
        Assert.Equal(expected, SweepGrid.Bits(text));

    [Theory]
    [InlineData("6..2", "runs backwards")]
    [InlineData("0..3", "0 is out of range")]
    [InlineData("2..17", "17 is out of range")]
    [InlineData("2..x", "not a list of bit widths")]
    [InlineData("two", "not a list of bit widths")]
    [InlineData("2,,4", "empty entry")]
    [InlineData("-1", "not a list of bit widths")]
    [InlineData("2...4", "not a list of bit widths")]
    public void BadBitListsSayWhatIsWrong(string text, string mention)
    {
        var error = Assert.Throws<UserInputException>(() => SweepGrid.Bits(text));
        Assert.Contains(mention, error.Message);
        Assert.StartsWith("--bits", error.Message);
    }

    [Fact]
    public void MethodsAndCodingsComeOutInCanonicalOrderWhateverTheInputOrder()
    {
        Assert.Equal([QuantizationMethod.KMeans, QuantizationMethod.Uniform, QuantizationMethod.Ecsq], SweepGrid.Methods("ecsq,uniform,kmeans,uniform"));
        Assert.Equal([SymbolCoding.Fixed, SymbolCoding.Huffman], SweepGrid.Codings("huffman,fixed"));
        Assert.Contains("unknown method 'median'", Assert.Throws<UserInputException>(() => SweepGrid.Methods("kmeans,median")).Message);
        Assert.Contains("unknown coding 'lzw'", Assert.Throws<UserInputException>(() => SweepGrid.Codings("lzw")).Message);
    }

    [Fact]
    public void BitListsAreWrittenBackCompactly()
    {
        Assert.Equal("2..6", SweepGrid.FormatBits([2, 3, 4, 5, 6]));
        Assert.Equal("1,2,4..6,9", SweepGrid.FormatBits([1, 2, 4, 5, 6, 9]));
    }

    [Theory]
    [InlineData("1/2", 1, 2)]
    [InlineData("2/2", 2, 2)]
    [InlineData(" 3 / 7 ", 3, 7)]
    public void ShardsParse(string text, int index, int count) => Assert.Equal(new ShardSpec(index, count), ShardSpec.Parse(text));

    [Theory]
    [InlineData("3/2")]
    [InlineData("0/2")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    [InlineData("-1/2")]
    public void BadShardsAreRefused(string text) =>
        Assert.StartsWith("--shard", Assert.Throws<UserInputException>(() => ShardSpec.Parse(text)).Message);

    [Fact]
    public void ShardsPartitionTheUnitsRoundRobin()
    {
        var shards = Enumerable.Range(1, 3).Select(i => new ShardSpec(i, 3)).ToArray();
        for (int unit = 0; unit < 10; unit++) Assert.Single(shards, s => s.Includes(unit));
        Assert.True(shards[0].Includes(0) && shards[1].Includes(1) && shards[2].Includes(2) && shards[0].Includes(3));
    }
}
