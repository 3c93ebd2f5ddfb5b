namespace Quantize.Core.Clustering.Points;

/// <summary>
/// The width of the central 99.8% of the values, the yardstick for outliers: a range wider than
/// <see cref="OutlierFactor"/> times it holds values far outside the bulk (a scalar 2^20 among weights of order 0.1),
/// which must not set a grid's step or a histogram's bins. Gaussian or Laplacian weights never come near that factor
/// (their full range is about 1.6x and 2.1x the central span at 10^6 samples), so results on them are unchanged.
/// </summary>
static class CentralSpan
{
    public const double OutlierFactor = 16;

    /// <summary>Values sampled (evenly strided, deterministic) to find the span.</summary>
    const int SampleSize = 1 << 16;

    public static double Of(ReadOnlySpan<float> values)
    {
        int stride = Math.Max(1, values.Length / SampleSize);
        var sample = new float[(values.Length + stride - 1) / stride];
        for (int i = 0; i < sample.Length; i++) sample[i] = values[i * stride];
        Array.Sort(sample);
        return OfSorted(sample);
    }

    public static double OfSorted(ReadOnlySpan<float> sorted)
    {
        int margin = sorted.Length / 1000;
        return (double)sorted[sorted.Length - 1 - margin] - sorted[margin];
    }

    /// <summary>Whether a range is stretched by outliers beyond <see cref="OutlierFactor"/> times the central span.</summary>
    public static bool Stretched(double range, double central) => range > OutlierFactor * central && central > 0;
}
