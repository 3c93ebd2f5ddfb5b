using Quantize.Core.Coding.Context;

namespace Quantize.Core.Tests.Coding.Context;

public class SignificanceCoderTests
{
    [Theory]
    [InlineData(new long[] { 37 })]
    [InlineData(new long[] { 20, 30 })]
    [InlineData(new long[] { 6, 3, 5, 5 })]
    [InlineData(new long[] { 4, 2, 3 })]
    [InlineData(new long[] { 0, 5 })]
    public void KeptPositionsRoundTrip(long[] dims)
    {
        SignificanceLayout layout = SignificanceLayout.Of(dims);
        var random = new Random(layout.ElementCount);
        bool[] kept = [.. Enumerable.Range(0, layout.ElementCount).Select(_ => random.NextDouble() < 0.2)];
        byte[] stream = SignificanceCoder.Encode(kept, layout);
        int[] positions = SignificanceCoder.Decode(stream, layout, kept.Count(k => k));
        Assert.Equal(Enumerable.Range(0, kept.Length).Where(i => kept[i]), positions);
    }

    [Fact]
    public void TheLayoutOfAConvolutionIsFiltersOfChannelKernels()
    {
        Assert.Equal(new SignificanceLayout(6, 75, 25), SignificanceLayout.Of([6, 3, 5, 5]));
        Assert.Equal(new SignificanceLayout(120, 400, 0), SignificanceLayout.Of([120, 400]));
        Assert.Equal(new SignificanceLayout(1, 10, 0), SignificanceLayout.Of([10]));
    }

    [Fact]
    public void DeadColumnsCostLessThanIndependentPositions()
    {
        // 100 rows of 200 columns; 150 columns never kept (dead inputs), the rest kept at 40%: 10% density overall.
        var random = new Random(5);
        SignificanceLayout layout = SignificanceLayout.Of([100, 200]);
        bool[] kept = new bool[layout.ElementCount];
        for (int r = 0; r < 100; r++)
            for (int c = 150; c < 200; c++)
                kept[r * 200 + c] = random.NextDouble() < 0.4;
        double p = kept.Count(k => k) / (double)kept.Length;
        double independent = kept.Length * -(p * Math.Log2(p) + (1 - p) * Math.Log2(1 - p));
        byte[] stream = SignificanceCoder.Encode(kept, layout);
        Assert.True(stream.Length * 8 < 0.7 * independent, $"{stream.Length * 8} bits against {independent:F0} for independent positions");
    }

    [Fact]
    public void ADeclaredCountOtherThanTheFlagsIsRefused()
    {
        SignificanceLayout layout = SignificanceLayout.Of([8, 8]);
        bool[] kept = [.. Enumerable.Range(0, 64).Select(i => i % 3 == 0)];
        byte[] stream = SignificanceCoder.Encode(kept, layout);
        Assert.Throws<InvalidDataException>(() => SignificanceCoder.Decode(stream, layout, 21));
        Assert.Throws<InvalidDataException>(() => SignificanceCoder.Decode(stream, layout, 23));
        Assert.Throws<InvalidDataException>(() => SignificanceCoder.Decode(stream, layout, 65));
        Assert.Equal(22, SignificanceCoder.Decode(stream, layout, 22).Length);
    }
}
