using Quantize.Core.Accounting;
using Quantize.Core.Coding.Context;

namespace Quantize.Core.Tests.Coding.Context;

public class ContextIndexCoderTests
{
    /// <summary>The worked example of docs/format.md, section 16.5: k = 3, indices 2, 0, 1 in one segment.</summary>
    [Fact]
    public void TheWorkedExampleCodesToTheBytesOfTheSpecification()
    {
        byte[] stream = ContextIndexCoder.Encode([2, 0, 1], [3], k: 3);
        Assert.Equal(new byte[] { 0x87, 0x81, 0x1F, 0x90 }, stream);
        var decoded = new int[3];
        ContextIndexCoder.Decode(stream, [3], 3, decoded);
        Assert.Equal(new[] { 2, 0, 1 }, decoded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(32)]
    [InlineData(300)]
    public void IndicesRoundTripOverSegments(int k)
    {
        var random = new Random(k);
        int[] symbols = [.. Enumerable.Range(0, 9_000).Select(_ => Math.Min(k - 1, (int)Math.Abs(random.NextDouble() * random.NextDouble() * k)))];
        long[] segments = [100, 0, 4_000, 4_899, 1];
        byte[] stream = ContextIndexCoder.Encode(symbols, segments, k);
        var decoded = new int[symbols.Length];
        ContextIndexCoder.Decode(stream, segments, k, decoded);
        Assert.Equal(symbols, decoded);
    }

    [Fact]
    public void TheStreamComesCloseToTheOrderZeroEntropyAndTheIdealCostsAddUpToIt()
    {
        var random = new Random(11);
        double[] weights = [0.5, 0.2, 0.1, 0.1, 0.05, 0.05];
        int[] symbols = [.. Enumerable.Range(0, 50_000).Select(_ => Draw(random, weights))];
        long[] counts = new long[weights.Length];
        foreach (int s in symbols) counts[s]++;
        double entropy = symbols.Length * Entropy.Bits(counts);
        byte[] stream = ContextIndexCoder.Encode(symbols, [symbols.Length], weights.Length);
        Assert.InRange(stream.Length * 8.0, entropy, entropy * 1.03);
        double ideal = ContextIndexCoder.SegmentCosts(symbols, [20_000, 30_000], weights.Length).Sum();
        Assert.InRange(ideal, entropy, entropy * 1.03);
    }

    [Fact]
    public void ExtraIndicesLeaveBytesUnread()
    {
        int[] symbols = [.. Enumerable.Range(0, 2_000).Select(i => i * 7 % 5)];
        byte[] stream = ContextIndexCoder.Encode(symbols, [symbols.Length], 5);
        var fewer = new int[1_000];
        var error = Assert.Throws<InvalidDataException>(() => ContextIndexCoder.Decode(stream, [fewer.Length], 5, fewer));
        Assert.Contains("unused bytes", error.Message);
    }

    [Fact]
    public void AnIndexOutsideTheCodebookIsRefusedByTheEncoder() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ContextIndexCoder.Encode([0, 3], [2], 3));

    static int Draw(Random random, double[] weights)
    {
        double u = random.NextDouble();
        for (int i = 0; i < weights.Length - 1; i++)
        {
            if (u < weights[i]) return i;
            u -= weights[i];
        }
        return weights.Length - 1;
    }
}
