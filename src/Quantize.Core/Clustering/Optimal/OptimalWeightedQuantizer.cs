using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.Optimal;

/// <summary>
/// The global optimum of (Hessian-weighted) k-means in one dimension, by dynamic programming over the
/// sorted values (optimal clusters are runs of sorted values; Wang and Song's Ckmeans.1d.dp, with weights).
/// <para>
/// Equal values are merged first, which loses nothing. When more than <see cref="MaxPoints"/> distinct
/// values remain, the range [min, max] is cut into <see cref="MaxPoints"/> bins of width Δ and the DP
/// chooses among partitions that do not split a bin; costs are still those of the raw values. The
/// result R then exceeds the exact optimum OPT by at most
/// </para>
/// <para>
/// R − OPT ≤ min( Δ·√(H·OPT) + H·Δ²/2 ,  4Δ·√(S·OPT) + 4Δ²·S )  (all sums un-normalised)
/// </para>
/// <para>
/// where H = Σ h_i and S = the weight of the k − 1 heaviest bins. First bound: replacing each value by its
/// bin's weighted mean moves the data by E = Σ h (w − w̄_bin)² ≤ H·Δ²/4 (a bin's spread is at most Δ);
/// the binned DP is exactly the optimum on the moved data plus E, and by the triangle inequality in the
/// h-weighted norm that optimum is at most (√OPT + √E)². Second bound: take the optimal partition, move
/// each of the at most k − 1 bins it splits wholly to the centre nearest the bin's mean; a moved value's
/// distance to its centre grows from d to at most d + 2Δ, and Cauchy–Schwarz bounds Σ h·4Δ·d by
/// 4Δ√(S·OPT). Since OPT ≤ R, both remain valid with R in place of OPT, which is how
/// <see cref="OptimalQuantizationResult.GapBound"/> is computed.
/// </para>
/// </summary>
public sealed class OptimalWeightedQuantizer : IQuantizer
{
    /// <summary>2^16 points: the DP at k = 256 takes well under a second and the binning gap is negligible for real weight distributions.</summary>
    public const int DefaultMaxPoints = 1 << 16;

    /// <summary>The DP keeps one split per (cluster, point): 2^28 of them is 1 GiB.</summary>
    const long MaxSplitTable = 1L << 28;

    /// <param name="useWeights">False: plain k-means (weights ignored), solved exactly.</param>
    public OptimalWeightedQuantizer(int clusterCount, int maxPoints = DefaultMaxPoints, bool useWeights = true)
    {
        if (clusterCount < 1) throw new ArgumentOutOfRangeException(nameof(clusterCount), clusterCount, "at least one cluster is needed");
        if (maxPoints < 1) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "at least one histogram point is needed");
        ClusterCount = clusterCount;
        MaxPoints = maxPoints;
        UseWeights = useWeights;
    }

    public int ClusterCount { get; }

    /// <summary>Most points the DP runs on: distinct values when there are no more, else equal-width bins.</summary>
    public int MaxPoints { get; }

    public bool UseWeights { get; }

    public string Name => UseWeights ? "hkmeans" : "kmeans";

    public Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights) => Solve(values, weights).Quantization;

    public OptimalQuantizationResult Solve(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        QuantizerInput.Check(values, weights);
        ReadOnlySpan<float> used = UseWeights ? QuantizerInput.Effective(weights) : ReadOnlySpan<float>.Empty;
        PointHistogram points = PointHistogram.Create(SortedSample.Create(values, used), weighted: !used.IsEmpty, MaxPoints);

        int clusters = Math.Min(ClusterCount, points.Count);
        if ((long)clusters * points.Count > MaxSplitTable)
        {
            throw new QuantizationException($"{clusters} clusters over {points.Count} histogram points needs too much memory for the exact solver; use fewer clusters, fewer histogram points or the lloyd solver");
        }
        int[] starts = OptimalPartition.Solve(points, clusters, out double cost);
        var upperBounds = new float[clusters];
        for (int j = 0; j < clusters; j++) upperBounds[j] = points.UpperBounds[starts[j + 1] - 1];

        Quantization quantization = QuantizationBuilder.Build(values, used, IntervalAssignment.Labels(values, upperBounds), clusters);
        double gap = points.BinWidth > 0 ? GapBound(points, ClusterCount, cost) : 0;
        return new OptimalQuantizationResult(quantization, cost / values.Length, gap / values.Length, points.BinWidth, points.Count);
    }

    /// <summary>The bound in the class remarks, un-normalised, with the binned result standing in for OPT.</summary>
    internal static double GapBound(PointHistogram points, int clusterCount, double binnedCost)
    {
        double delta = points.BinWidth;
        double total = points.TotalWeight;
        var binWeights = new double[points.Count];
        for (int p = 0; p < binWeights.Length; p++) binWeights[p] = points.PointWeight(p);
        Array.Sort(binWeights);
        double heaviest = 0;
        for (int p = 0; p < Math.Min(clusterCount - 1, binWeights.Length); p++) heaviest += binWeights[^(p + 1)];

        double wholeRange = delta * Math.Sqrt(total * binnedCost) + total * delta * delta / 2;
        double splitBins = 4 * delta * Math.Sqrt(heaviest * binnedCost) + 4 * delta * delta * heaviest;
        return Math.Min(wholeRange, splitBins);
    }
}
