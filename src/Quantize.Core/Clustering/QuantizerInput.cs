namespace Quantize.Core.Clustering;

/// <summary>Checks what every quantizer is handed, so each method can assume clean input.</summary>
static class QuantizerInput
{
    /// <summary>
    /// Throws a user-readable <see cref="ArgumentException"/> unless there is at least one value, all
    /// values are finite, and <paramref name="weights"/> is empty or holds one finite, non-negative
    /// weight per value.
    /// </summary>
    public static void Check(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        if (values.IsEmpty) throw new QuantizationException("nothing to quantize", nameof(values));
        foreach (float value in values)
        {
            if (!float.IsFinite(value)) throw new ArgumentException("parameters must be finite (found NaN or infinity)", nameof(values));
        }
        if (weights.IsEmpty) return;
        if (weights.Length != values.Length)
        {
            throw new ArgumentException($"one weight per value is needed ({values.Length} values, {weights.Length} weights)", nameof(weights));
        }
        foreach (float weight in weights)
        {
            if (!(weight >= 0) || float.IsPositiveInfinity(weight))
            {
                throw new ArgumentException($"weights (Hessian diagonal) must be finite and non-negative (found {weight})", nameof(weights));
            }
        }
    }

    /// <summary>
    /// The weights a weighted method should use: all-zero weights carry no information about which
    /// errors matter, so they are treated as absent (plain, unweighted clustering) rather than making
    /// every partition equally "optimal".
    /// </summary>
    public static ReadOnlySpan<float> Effective(ReadOnlySpan<float> weights)
    {
        foreach (float weight in weights)
        {
            if (weight > 0) return weights;
        }
        return ReadOnlySpan<float>.Empty;
    }
}
