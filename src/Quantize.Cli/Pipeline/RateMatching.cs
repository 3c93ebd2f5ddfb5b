using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// ECSQ is driven by a target entropy. Given a cluster count instead (--bits/--clusters, as in a sweep
/// over bit widths), it targets the entropy that uniform quantization with that many cells reaches on the
/// same values, so ECSQ and uniform are compared at equal rate.
/// </summary>
public static class RateMatching
{
    public static QuantizerOptions Resolve(QuantizerOptions options, ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        if (!NeedsRate(options)) return options;
        Quantization uniform = new UniformQuantizer(options.Clusters!.Value).Quantize(values, weights);
        double entropy = Entropy.Bits(uniform.Counts);
        // A single cell has zero entropy; ECSQ needs a positive target.
        return options with { Rate = Math.Max(entropy, 1e-3), Clusters = null };
    }

    /// <summary>Options that validate like the resolved ones, for checking the command line before any work.</summary>
    public static QuantizerOptions Placeholder(QuantizerOptions options) =>
        NeedsRate(options) ? options with { Rate = 1, Clusters = null } : options;

    static bool NeedsRate(QuantizerOptions options) =>
        options is { Method: QuantizationMethod.Ecsq, Rate: null, Clusters: not null };
}
