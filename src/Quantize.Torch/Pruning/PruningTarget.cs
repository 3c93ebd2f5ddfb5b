using Quantize.Format.Onnx;

namespace Quantize.Torch.Pruning;

/// <summary>
/// The final fractions to keep: one for all weights together, ranked by magnitude across layers (<c>--ratio</c>), or
/// one per named tensor (<c>--layer-ratios</c>, or ratios allocated from a sensitivity measure).
/// </summary>
public sealed class PruningTarget
{
    readonly double? keep;
    readonly IReadOnlyDictionary<string, double>? keepByName;

    PruningTarget(double? keep, IReadOnlyDictionary<string, double>? keepByName) => (this.keep, this.keepByName) = (keep, keepByName);

    public static PruningTarget Global(double keep)
    {
        MagnitudePruner.CheckRatio(keep, "--ratio");
        return new PruningTarget(keep, null);
    }

    public static PruningTarget PerLayer(IReadOnlyDictionary<string, double> keepByName) => new(null, keepByName);

    /// <summary>The masks at the final fractions: one-shot pruning.</summary>
    public IReadOnlyList<PruningMask> Masks(IReadOnlyList<ParameterTensor> parameters) => Masks(parameters, k => k);

    /// <summary>The masks when each final fraction k is kept as <paramref name="scheduled"/>(k) (a schedule's fraction at some step).</summary>
    public IReadOnlyList<PruningMask> Masks(IReadOnlyList<ParameterTensor> parameters, Func<double, double> scheduled) =>
        keepByName == null
            ? MagnitudePruner.Global(parameters, scheduled(keep!.Value))
            : MagnitudePruner.PerLayer(parameters, keepByName.ToDictionary(p => p.Key, p => scheduled(p.Value), StringComparer.Ordinal));
}
