namespace Quantize.Core.Clustering;

/// <summary>
/// Hessian-weighted k-means (paper eq. 7): minimises Σ h_i (w_i − c_j)² by Lloyd's algorithm, with each
/// centre the h-weighted mean of its members. The assignment step is plain nearest-centre (h_i is a
/// common factor of a value's costs), so it runs on sorted values like <see cref="KMeansQuantizer"/>.
/// A cluster whose members all weigh zero takes their plain mean. Empty weights mean all ones; all-zero
/// weights are treated the same way.
/// </summary>
public sealed class WeightedKMeansQuantizer : IQuantizer
{
    /// <summary>Lloyd's iteration limit unless told otherwise (scikit-learn's default).</summary>
    public const int DefaultMaxIterations = LloydQuantization.DefaultMaxIterations;

    public WeightedKMeansQuantizer(int clusterCount, CenterInitialization initialization = CenterInitialization.Linear, int seed = 0, int maxIterations = DefaultMaxIterations)
    {
        LloydQuantization.CheckSettings(clusterCount, maxIterations);
        ClusterCount = clusterCount;
        Initialization = initialization;
        Seed = seed;
        MaxIterations = maxIterations;
    }

    public int ClusterCount { get; }

    public CenterInitialization Initialization { get; }

    /// <summary>Seeds k-means++ (which then draws in proportion to h·D²); unused by linear initialisation.</summary>
    public int Seed { get; }

    public int MaxIterations { get; }

    public string Name => "hkmeans";

    public Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        QuantizerInput.Check(values, weights);
        return LloydQuantization.Run(values, QuantizerInput.Effective(weights), ClusterCount, Initialization, Seed, MaxIterations).Quantization;
    }
}
