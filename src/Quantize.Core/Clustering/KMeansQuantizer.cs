namespace Quantize.Core.Clustering;

/// <summary>
/// Plain k-means (the Deep Compression baseline, Han et al. 2015): Lloyd's algorithm on the values,
/// ignoring any weights it is given. Runs on sorted values, so an iteration costs O(k log N), not O(N·k).
/// Clusters that empty out are dropped, so the result may have fewer than k clusters.
/// </summary>
public sealed class KMeansQuantizer : IQuantizer
{
    /// <summary>Lloyd's iteration limit unless told otherwise (scikit-learn's default).</summary>
    public const int DefaultMaxIterations = LloydQuantization.DefaultMaxIterations;

    public KMeansQuantizer(int clusterCount, CenterInitialization initialization = CenterInitialization.Linear, int seed = 0, int maxIterations = DefaultMaxIterations)
    {
        LloydQuantization.CheckSettings(clusterCount, maxIterations);
        ClusterCount = clusterCount;
        Initialization = initialization;
        Seed = seed;
        MaxIterations = maxIterations;
    }

    public int ClusterCount { get; }

    public CenterInitialization Initialization { get; }

    /// <summary>Seeds k-means++; unused by linear initialisation.</summary>
    public int Seed { get; }

    public int MaxIterations { get; }

    public string Name => "kmeans";

    public Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        QuantizerInput.Check(values, weights);
        return LloydQuantization.Run(values, ReadOnlySpan<float>.Empty, ClusterCount, Initialization, Seed, MaxIterations).Quantization;
    }
}
