namespace Quantize.Core.Clustering.KMeans;

/// <summary>
/// k-means by Lloyd's algorithm on sorted values, so an iteration costs O(k log N), not O(N·k).
/// Plain (<c>weighted: false</c>, the Deep Compression baseline, Han et al. 2015) it ignores any weights it is given;
/// Hessian-weighted (<c>weighted: true</c>, paper eq. 7) it minimises Σ h_i (w_i − c_j)² with each centre the
/// h-weighted mean of its members. Both share one assignment step, plain nearest-centre, since h_i is a common
/// factor of a value's costs. A weighted cluster whose members all weigh zero takes their plain mean; empty or
/// all-zero weights mean all ones. Clusters that empty out are dropped, so the result may have fewer than k clusters.
/// </summary>
public sealed class KMeansQuantizer : IQuantizer
{
    /// <summary>Lloyd's iteration limit unless told otherwise (scikit-learn's default).</summary>
    public const int DefaultMaxIterations = LloydQuantization.DefaultMaxIterations;

    public KMeansQuantizer(
        int clusterCount,
        CenterInitialization initialization = CenterInitialization.Linear,
        int seed = 0,
        int maxIterations = DefaultMaxIterations,
        bool weighted = false)
    {
        LloydQuantization.CheckSettings(clusterCount, maxIterations);
        ClusterCount = clusterCount;
        Initialization = initialization;
        Seed = seed;
        MaxIterations = maxIterations;
        Weighted = weighted;
    }

    public int ClusterCount { get; }

    public CenterInitialization Initialization { get; }

    /// <summary>Seeds k-means++ (weighted, it draws in proportion to h·D²); unused by linear initialisation.</summary>
    public int Seed { get; }

    public int MaxIterations { get; }

    /// <summary>Whether the importance weights h_i count (Hessian-weighted k-means) or are ignored (plain k-means).</summary>
    public bool Weighted { get; }

    public string Name => Weighted ? "hkmeans" : "kmeans";

    public Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        QuantizerInput.Check(values, weights);
        ReadOnlySpan<float> used = Weighted ? QuantizerInput.Effective(weights) : ReadOnlySpan<float>.Empty;
        return LloydQuantization.Run(values, used, ClusterCount, Initialization, Seed, MaxIterations).Quantization;
    }
}
