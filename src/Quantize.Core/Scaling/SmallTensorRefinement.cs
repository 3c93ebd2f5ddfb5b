namespace Quantize.Core.Scaling;

/// <summary>
/// A finer share of the one grid for small tensors: their scales are multiplied by a factor below 1, so after
/// normalisation their values span more cells of the shared step. Measured on ten real models (docs/results.md §9b), the
/// tensors whose noise moves the outputs most are small ones — BatchNorm shifts, conv biases, early depthwise filters —
/// and their bits are cheap: a tensor of n elements refined by f costs about n·log2(1/f) bits more. "Small" is relative
/// to the model (<see cref="ForModel"/>), so a model made only of small tensors is not refined throughout. The decoder
/// multiplies back by the stored scale, so this is invisible to the format.
/// </summary>
public sealed record SmallTensorRefinement(long ReferenceElements)
{
    /// <summary>The largest reference: tensors of this many elements or more always keep the plain grid.</summary>
    public const long MaxReferenceElements = 16384;

    /// <summary>The finest share: 1/8 of the step (18 dB more SQNR).</summary>
    public const double FinestFactor = 0.125;

    /// <summary>Small means under 1/64 of the model's parameters, and never 16384 or more.</summary>
    public static SmallTensorRefinement ForModel(long parameters) => new(Math.Clamp(parameters / 64, 1, MaxReferenceElements));

    /// <summary>√(n / <see cref="ReferenceElements"/>), between <see cref="FinestFactor"/> and 1.</summary>
    public double FactorFor(long elements) =>
        elements >= ReferenceElements ? 1 : Math.Max(FinestFactor, Math.Sqrt(Math.Max(elements, 1) / (double)ReferenceElements));
}
