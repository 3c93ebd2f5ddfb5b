namespace Quantize.Core.Clustering.Uniform;

/// <summary>
/// The points of a fixed-step grid as integer levels: the value of level l is float32(l × step), the product taken in
/// double and rounded once to float32. It is exact in double: |l| ≤ 2^29 has at most 29 significant bits and a float32
/// step 24, so the product has at most 53, double's precision, and lies far inside double's range; the one rounding to
/// float32 is IEEE round-to-nearest-even. So the rule gives the same bits on every platform, and a container can store a
/// grid's shared values as their levels and the step (docs/format.md, section 6.2).
/// </summary>
public static class GridLevels
{
    /// <summary>The largest |level|: more significant bits would make the double product inexact.</summary>
    public const long MaxLevel = 1L << 29;

    /// <summary>
    /// float32(<paramref name="level"/> × <paramref name="step"/>). Beyond <see cref="MaxLevel"/> the double product may be
    /// rounded too (a grid that fine is no use to store as levels: <see cref="Of"/> refuses such levels).
    /// </summary>
    public static float Value(long level, float step) => (float)(level * (double)step);

    /// <summary>
    /// The levels whose values are <paramref name="values"/> bit for bit under <paramref name="step"/>, or null where some value
    /// is no grid point (a cell mean, a fine-tuned value, −0.0, a level beyond <see cref="MaxLevel"/>).
    /// </summary>
    public static long[]? Of(ReadOnlySpan<float> values, float step)
    {
        if (!float.IsNormal(step) || step < 0) return null;
        var levels = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double level = Math.Round(values[i] / (double)step);
            if (!(Math.Abs(level) <= MaxLevel)) return null;
            levels[i] = (long)level;
            if (BitConverter.SingleToInt32Bits(Value(levels[i], step)) != BitConverter.SingleToInt32Bits(values[i])) return null;
        }
        return levels;
    }
}
