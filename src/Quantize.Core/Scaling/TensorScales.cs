namespace Quantize.Core.Scaling;

/// <summary>
/// The scales of one tensor: a single one (<see cref="Axis"/> null), or one per index along <see cref="Axis"/>.
/// Every scale is a positive, finite, normal float32; the stored value is the value used both ways
/// (normalising divides by it, reconstructing multiplies by it), so encoder and decoder agree to the bit.
/// </summary>
public sealed record TensorScales(int? Axis, float[] Values)
{
    /// <summary>No normalisation: one scale of 1.</summary>
    public static TensorScales Identity { get; } = new(null, [1f]);

    public bool PerChannel => Axis is not null;

    /// <summary>Every scale times <paramref name="factor"/>; one the product would make invalid stays as it was.</summary>
    public TensorScales Times(double factor)
    {
        if (factor == 1) return this;
        var scaled = new float[Values.Length];
        for (int i = 0; i < scaled.Length; i++)
        {
            float candidate = (float)(Values[i] * factor);
            scaled[i] = IsValid(candidate) ? candidate : Values[i];
        }
        return this with { Values = scaled };
    }

    /// <summary>
    /// Every scale rounded to <paramref name="mantissaBits"/> mantissa bits (<see cref="ScalePrecision.Round"/>), the
    /// precision the container stores: round before anything is divided by them, so the stored scale is the one used.
    /// </summary>
    public TensorScales Rounded(int mantissaBits = ScalePrecision.DefaultMantissaBits) =>
        this with { Values = Array.ConvertAll(Values, s => ScalePrecision.Round(s, mantissaBits)) };

    /// <summary>Whether <paramref name="scale"/> may be stored: positive, finite and normal (no underflow to subnormals or 0).</summary>
    public static bool IsValid(float scale) => float.IsNormal(scale) && scale > 0;
}
