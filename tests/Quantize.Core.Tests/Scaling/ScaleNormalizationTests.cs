using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Optimal;
using Quantize.Core.Clustering.Uniform;
using Quantize.Core.Scaling;
using Quantize.Core.Tests.Clustering;
using Xunit.Abstractions;

namespace Quantize.Core.Tests.Scaling;

public class ScaleNormalizationTests(ITestOutputHelper output)
{
    [Fact]
    public void ChannelScales_FollowTheAxis_InRowMajorOrder()
    {
        // Shape [2, 3, 2], axis 1: channel c holds elements whose middle index is c.
        float[] values = [1, 1, 2, 2, 3, 3, /**/ 1, 1, 2, 2, 3, 3];
        TensorScales scales = ScaleNormalization.Compute(values, [2, 3, 2], axis: 1);
        Assert.Equal([1f, 2f, 3f], scales.Values);
        Assert.Equal(1, scales.Axis);

        TensorScales rows = ScaleNormalization.Compute(values, [2, 3, 2], axis: 0);
        Assert.Equal(MathF.Sqrt((1 + 1 + 4 + 4 + 9 + 9) / 6f), rows.Values[0], 6);
        Assert.Single(ScaleNormalization.Compute(values, [2, 3, 2], axis: null).Values);
    }

    [Fact]
    public void KeptMask_CountsOnlyKeptValues()
    {
        // A pruned row [4, 0, 0, 0] keeps only its 4: RMS 4, not 2 as its zeros would make it.
        float[] values = [4, 0, 0, 0, /**/ 3, 3, 3, 3];
        bool[] kept = [true, false, false, false, /**/ true, true, true, true];
        Assert.Equal([4f, 3f], ScaleNormalization.For(ScaleMode.Channel, values, [2, 4], 0, kept).Values);
        Assert.Equal([2f, 3f], ScaleNormalization.For(ScaleMode.Channel, values, [2, 4], 0).Values);
        Assert.Equal(MathF.Sqrt((16 + 4 * 9) / 5f), ScaleNormalization.For(ScaleMode.Tensor, values, [2, 4], 0, kept).Values[0], 6);
        Assert.Throws<ArgumentException>(() => ScaleNormalization.Compute(values, [2, 4], 0, kept.AsSpan(1)));
    }

    [Fact]
    public void Normalising_DividesValues_MultipliesWeightsByTheSquare_AndDenormalisingRestores()
    {
        float[] values = [0.001f, -0.002f, 300f, -500f];
        float[] weights = [2, 2, 3, 3];
        var scales = new TensorScales(0, [0.002f, 400f]);
        float[] normalised = (float[])values.Clone();
        ScaleNormalization.Normalize(normalised, weights, [2, 2], scales);
        Assert.Equal([0.5f, -1f, 0.75f, -1.25f], normalised);
        Assert.Equal(2 * 0.002f * 0.002f, weights[0], 9);
        Assert.Equal(3 * 400f * 400f, weights[3]);

        ScaleNormalization.Denormalize(normalised, [2, 2], scales);
        Assert.Equal(values, normalised);
    }

    [Fact]
    public void WeightedObjective_OnNormalisedValues_IsTheRealDistortion()
    {
        var random = new Random(3);
        float[] values = ClusteringTestData.Gaussian(random, 3000);
        for (int i = 1000; i < 2000; i++) values[i] *= 100;
        float[] h = ClusteringTestData.Weights(random, values.Length);
        long[] dims = [3, 1000];
        TensorScales scales = ScaleNormalization.Compute(values, dims, 0);
        float[] normalised = (float[])values.Clone();
        float[] weights = (float[])h.Clone();
        ScaleNormalization.Normalize(normalised, weights, dims, scales);

        Quantization q = new OptimalWeightedQuantizer(8).Quantize(normalised, weights);
        float[] restored = q.Reconstruct();
        ScaleNormalization.Denormalize(restored, dims, scales);
        double real = 0;
        for (int i = 0; i < values.Length; i++) real += h[i] * Math.Pow(restored[i] - values[i], 2);
        Assert.Equal(real / values.Length, q.Distortion(normalised, weights), 1e-3 * real / values.Length);
    }

    [Fact]
    public void ZeroChannels_GetScaleOne_AndBadScalesAreRefused()
    {
        TensorScales scales = ScaleNormalization.Compute([0, 0, 1, -1], [2, 2], 0);
        Assert.Equal([1f, 1f], scales.Values);
        float[] values = [1, 2];
        Assert.Throws<ArgumentException>(() => ScaleNormalization.Denormalize(values, [2], new TensorScales(0, [1f])));
        Assert.Throws<ArgumentException>(() => ScaleNormalization.Denormalize(values, [2], new TensorScales(0, [1f, float.NaN])));
        Assert.Throws<ArgumentException>(() => ScaleNormalization.Denormalize(values, [2], new TensorScales(null, [0f])));
        Assert.Throws<ArgumentException>(() => ScaleNormalization.Denormalize(values, [2], new TensorScales(null, [-2f])));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleNormalization.Denormalize(values, [2], new TensorScales(1, [1f])));
    }

    [Fact]
    public void ModeNone_IsTheIdentity()
    {
        TensorScales scales = ScaleNormalization.For(ScaleMode.None, [5, 6], [2], 0);
        Assert.Same(TensorScales.Identity, scales);
    }

    /// <summary>
    /// Why RMS and not max-abs: 64 channels whose scales span 10³, one 50σ outlier in every eighth, a shared 4-bit
    /// uniform codebook (entropy-coded rate) over the normalised values. The worst channel's SQNR decides whether a
    /// model survives, so that is what is compared; without outliers the two statistics must do about as well.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RmsScales_KeepTheWorstChannel_AtLeastAsWellAsMaxAbs(bool outliers)
    {
        const int Channels = 64, PerChannel = 4096;
        var random = new Random(7);
        var values = new float[Channels * PerChannel];
        for (int c = 0; c < Channels; c++)
        {
            double sigma = Math.Pow(10, 3.0 * c / (Channels - 1));
            float[] channel = ClusteringTestData.Laplacian(random, PerChannel, sigma);
            if (outliers && c % 8 == 0) channel[17] = (float)(50 * sigma);
            channel.CopyTo(values, c * PerChannel);
        }
        long[] dims = [Channels, PerChannel];
        TensorScales rms = ScaleNormalization.Compute(values, dims, 0);
        var maxAbs = new float[Channels];
        for (int i = 0; i < values.Length; i++) maxAbs[i / PerChannel] = Math.Max(maxAbs[i / PerChannel], Math.Abs(values[i]));

        double worstRms = WorstChannelSqnr(values, dims, rms);
        double worstMax = WorstChannelSqnr(values, dims, new TensorScales(0, maxAbs));
        output.WriteLine($"outliers {outliers}: worst channel SQNR, RMS scales {worstRms:F2} dB, max-abs scales {worstMax:F2} dB");
        Assert.True(worstRms >= worstMax - 0.5, $"RMS {worstRms:F2} dB, max-abs {worstMax:F2} dB");
    }

    static double WorstChannelSqnr(float[] values, long[] dims, TensorScales scales)
    {
        float[] normalised = (float[])values.Clone();
        ScaleNormalization.Normalize(normalised, [], dims, scales);
        float[] restored = new RateControlledUniformQuantizer(4).Quantize(normalised, []).Reconstruct();
        ScaleNormalization.Denormalize(restored, dims, scales);
        int perChannel = (int)dims[1];
        double worst = double.PositiveInfinity;
        for (int c = 0; c < dims[0]; c++)
        {
            var error = ReconstructionError.Of(values.AsSpan(c * perChannel, perChannel), restored.AsSpan(c * perChannel, perChannel));
            worst = Math.Min(worst, error.SqnrDb);
        }
        return worst;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Denormalize_ARunAtATime_EqualsTheWholeTensor(int axis)
    {
        long[] dims = [6, 5];
        var scales = new TensorScales(axis, axis == 0 ? [1f, 2f, 3f, 0.5f, 0.25f, 8f] : [0.1f, 10f, 3f, 7f, 0.5f]);
        float[] whole = Enumerable.Range(1, 30).Select(i => i * 0.37f).ToArray();
        float[] runs = (float[])whole.Clone();

        ScaleNormalization.Denormalize(whole, dims, scales);
        foreach (int start in new[] { 0, 7, 14, 21, 28 })
            ScaleNormalization.Denormalize(runs.AsSpan(start, Math.Min(7, 30 - start)), start, dims, scales);

        Assert.Equal(whole, runs);
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaleNormalization.Denormalize(new float[7], 24, dims, scales));
    }
}
