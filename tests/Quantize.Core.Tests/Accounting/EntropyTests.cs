using Quantize.Core.Accounting;

namespace Quantize.Core.Tests.Accounting;

public class EntropyTests
{
    [Fact]
    public void UniformOverEight_IsThreeBits()
    {
        Assert.Equal(3.0, Entropy.Bits(Enumerable.Repeat(5L, 8).ToArray()), 12);
    }

    [Fact]
    public void HalfQuarterQuarter_IsOneAndAHalfBits()
    {
        Assert.Equal(1.5, Entropy.Bits(new long[] { 2, 1, 1 }), 12);
    }

    [Fact]
    public void ZeroCountsAreIgnored()
    {
        Assert.Equal(1.5, Entropy.Bits(new long[] { 0, 200, 0, 100, 100, 0 }), 12);
    }

    [Fact]
    public void BiasedCoin_MatchesTheBinaryEntropyFormula()
    {
        // h(0.1) = -0.1 log2 0.1 - 0.9 log2 0.9
        double expected = -(0.1 * Math.Log2(0.1)) - (0.9 * Math.Log2(0.9));
        Assert.Equal(expected, Entropy.Bits(new long[] { 1, 9 }), 12);
        Assert.Equal(0.4689955935892812, Entropy.Bits(new long[] { 1, 9 }), 12);
    }

    [Fact]
    public void EmptyOrSingleSymbol_IsZero()
    {
        Assert.Equal(0.0, Entropy.Bits(ReadOnlySpan<long>.Empty));
        Assert.Equal(0.0, Entropy.Bits(new long[] { 0, 0 }));
        Assert.Equal(0.0, Entropy.Bits(new long[] { 0, 17, 0 }));
    }

    [Fact]
    public void NegativeCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => Entropy.Bits(new long[] { 3, -1 }));
    }
}
