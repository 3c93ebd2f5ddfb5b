using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.KMeans;

/// <summary>The steps plain and Hessian-weighted k-means share: sort, seed, iterate on runs, label, build.</summary>
static class LloydQuantization
{
    /// <summary>Lloyd's iteration limit unless told otherwise (scikit-learn's default).</summary>
    public const int DefaultMaxIterations = 300;

    /// <param name="weights">Weights to cluster with, or empty for plain k-means.</param>
    public static (Quantization Quantization, LloydOutcome Outcome) Run(
        ReadOnlySpan<float> values, ReadOnlySpan<float> weights, int clusterCount, CenterInitialization initialization, int seed, int maxIterations)
    {
        SortedPoints points = SortedPoints.Create(SortedSample.Create(values, weights), weighted: !weights.IsEmpty);
        double[] start = KMeansSeeding.For(points, clusterCount, initialization, seed);
        LloydOutcome outcome = SortedLloyd.Run(points, start, maxIterations);
        int[] labels = IntervalAssignment.Labels(values, outcome.UpperBounds);
        return (QuantizationBuilder.Build(values, weights, labels, outcome.UpperBounds.Length), outcome);
    }

    public static void CheckSettings(int clusterCount, int maxIterations)
    {
        if (clusterCount < 1) throw new ArgumentOutOfRangeException(nameof(clusterCount), clusterCount, "at least one cluster is needed");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "at least one iteration is needed");
    }
}
