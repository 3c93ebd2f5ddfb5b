using Quantize.Core.Scaling;

namespace Quantize.Core.Tests.Scaling;

public class ScalePrecisionTests
{
    static readonly float MinNormal = BitConverter.Int32BitsToSingle(0x00800000); // 2^-126
    /// <summary>
    /// The slow, obviously right rounding: of every value of m mantissa bits in the scale's binade and the next power of two,
    /// the nearest by real distance, ties to the larger.
    /// </summary>
    static float ReferenceRound(float scale, int m)
    {
        int exponent = (int)Math.Floor(Math.Log2(scale));
        if (Math.Pow(2, exponent) > scale) exponent--; // Log2 may round up just below a power of two
        if (Math.Pow(2, exponent + 1) <= scale) exponent++;
        double best = double.NaN, bestDistance = double.PositiveInfinity;
        for (int mantissa = 0; mantissa <= 1 << m; mantissa++)
        {
            double candidate = Math.Pow(2, exponent) * (1 + mantissa / (double)(1 << m));
            double distance = Math.Abs(candidate - scale);
            if (distance <= bestDistance) (best, bestDistance) = (candidate, distance);
        }
        return (float)best;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Round_IsTheNearestValueOfMMantissaBits(int m)
    {
        var random = new Random(3);
        for (int i = 0; i < 20_000; i++)
        {
            float scale = (float)Math.Pow(2, random.NextDouble() * 80 - 40);
            Assert.Equal(ReferenceRound(scale, m), ScalePrecision.Round(scale, m));
        }
    }

    [Fact]
    public void Round_WorkedNumbers()
    {
        Assert.Equal(0.3125f, ScalePrecision.Round(0.3f));  // 1.2 · 2^-2: 1.25 is the nearest eighth
        Assert.Equal(4f, ScalePrecision.Round(4.2f));       // 1.05 · 2^2: 1.0
        Assert.Equal(2f, ScalePrecision.Round(1.97f));      // past 1.9375: carries into the exponent
        Assert.Equal(1.125f, ScalePrecision.Round(1.0625f)); // a tie rounds up
        Assert.Equal(0.1f, ScalePrecision.Round(0.1f, 23));  // all 23 bits: unchanged
    }

    [Fact]
    public void Round_StaysAValidScale_AtTheEndsOfTheRange()
    {
        float largest = ScalePrecision.Round(float.MaxValue);
        Assert.True(float.IsFinite(largest));
        Assert.Equal(1.875f * MathF.Pow(2, 127), largest); // the largest of 3 mantissa bits, not infinity
        Assert.Equal(MinNormal, ScalePrecision.Round(MinNormal));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalePrecision.Round(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalePrecision.Round(1e-40f));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScalePrecision.Round(1f, 24));
    }

    [Fact]
    public void Codes_RoundTrip_AndAreTheExponentAndTopMantissaBits()
    {
        Assert.Equal(0x3EAu, ScalePrecision.Code(0.3125f, 3)); // bits 0x3EA00000
        Assert.Equal(0x7Fu, ScalePrecision.Code(1f, 0));
        Assert.Equal(0.3125f, ScalePrecision.FromCode(0x3EA, 3));
        var random = new Random(5);
        for (int i = 0; i < 10_000; i++)
        {
            float scale = BitConverter.Int32BitsToSingle(random.Next(0x00800000, 0x7F800000));
            int m = ScalePrecision.MantissaBitsOf(scale);
            Assert.True(ScalePrecision.IsRepresentable(scale, m));
            Assert.True(m == 0 || !ScalePrecision.IsRepresentable(scale, m - 1));
            Assert.Equal(scale, ScalePrecision.FromCode(ScalePrecision.Code(scale, m), m));
            Assert.Equal(scale, ScalePrecision.FromCode(ScalePrecision.Code(scale, 23), 23));
        }
    }

    [Fact]
    public void FromCode_RefusesWhatIsNoValidScale()
    {
        Assert.Null(ScalePrecision.FromCode(0, 3));           // +0
        Assert.Null(ScalePrecision.FromCode(7, 3));           // subnormal
        Assert.Null(ScalePrecision.FromCode(0x7F8, 3));       // infinity
        Assert.Null(ScalePrecision.FromCode(0x7FF, 3));       // NaN
        Assert.Null(ScalePrecision.FromCode(0x800 + 0x3F8, 3)); // the sign bit: -1
        Assert.Null(ScalePrecision.FromCode(ulong.MaxValue >> 8, 3));
        Assert.Equal(MinNormal, ScalePrecision.FromCode(8, 3));
    }

    [Fact]
    public void Stored_RoundsAfterTheShare()
    {
        float[] values = [3, -3, 3, -3];
        TensorScales stored = ScaleNormalization.Stored(ScaleMode.Tensor, values, [4], null, share: 0.1);
        Assert.Equal(ScalePrecision.Round((float)(3 * 0.1)), stored.Values[0]); // 0.3 -> 0.3125, not 3 rounded then shared
        Assert.Equal(0.3125f, stored.Values[0]);
    }
}
