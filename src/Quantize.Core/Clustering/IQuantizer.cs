namespace Quantize.Core.Clustering;

/// <summary>
/// A scalar quantizer over all parameters at once. <paramref name="weights"/> holds one non-negative
/// importance per value (the Hessian diagonal, eq. 7) or is empty for unweighted quantization.
/// </summary>
public interface IQuantizer
{
    string Name { get; }

    Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights);
}
