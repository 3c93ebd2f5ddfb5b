namespace Quantize.Core.Scaling;

/// <summary>
/// Scales kept to m mantissa bits, the precision a container stores them at (docs/format.md, section 9c). A positive normal
/// float32 whose mantissa keeps only its top m bits is the integer k = (its bits) &gt;&gt; (23 − m): its exponent and those m
/// bits. Both ways are integer arithmetic on the bit pattern, so a writer and every reader agree to the bit.
/// <para>
/// Why m = 3 by default: neighbouring scales are then 1/15 to 1/8 apart, so rounding moves a channel's step by at most 1/16
/// (about 2% on average), while the scales of one tensor differ in a few low bits of k instead of taking 32 bits each. On
/// ch_ppocr_mobile_v2.0_cls_infer 3,219 float32 scales were 103,008 of the container's 916,949 bits (11%).
/// </para>
/// </summary>
public static class ScalePrecision
{
    /// <summary>Mantissa bits a scale keeps unless told otherwise.</summary>
    public const int DefaultMantissaBits = 3;

    /// <summary>All of float32's mantissa: every positive normal float is representable.</summary>
    public const int MaxMantissaBits = 23;

    const int MinNormalBits = 0x00800000, InfinityBits = 0x7F800000;

    /// <summary>
    /// The representable scale nearest to <paramref name="scale"/>: its bit pattern rounded to a multiple of 2^(23 − m), half
    /// up. Within a binade that is the nearest value; a carry into the exponent gives the next power of two, as it should. A
    /// scale that would round to infinity becomes the largest representable one, so the result is always a valid scale.
    /// </summary>
    public static float Round(float scale, int mantissaBits = DefaultMantissaBits)
    {
        CheckScale(scale);
        int shift = Shift(mantissaBits);
        if (shift == 0) return scale;
        int bits = BitConverter.SingleToInt32Bits(scale);
        long rounded = ((long)bits + (1L << (shift - 1))) >> shift << shift;
        if (rounded >= InfinityBits) rounded = InfinityBits - (1L << shift);
        return BitConverter.Int32BitsToSingle((int)rounded);
    }

    /// <summary>Whether <paramref name="scale"/> is a valid scale whose mantissa has nothing below its top m bits.</summary>
    public static bool IsRepresentable(float scale, int mantissaBits) =>
        TensorScales.IsValid(scale) && (BitConverter.SingleToInt32Bits(scale) & ((1 << Shift(mantissaBits)) - 1)) == 0;

    /// <summary>The fewest mantissa bits that represent <paramref name="scale"/> exactly (0 for a power of two).</summary>
    public static int MantissaBitsOf(float scale)
    {
        CheckScale(scale);
        int mantissa = BitConverter.SingleToInt32Bits(scale) & (MinNormalBits - 1);
        return mantissa == 0 ? 0 : MaxMantissaBits - System.Numerics.BitOperations.TrailingZeroCount(mantissa);
    }

    /// <summary>k = (bits of <paramref name="scale"/>) &gt;&gt; (23 − m), for a scale representable with m mantissa bits: below 2^(8 + m).</summary>
    public static uint Code(float scale, int mantissaBits)
    {
        if (!IsRepresentable(scale, mantissaBits))
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"not a positive normal float of {mantissaBits} mantissa bits");
        return (uint)BitConverter.SingleToInt32Bits(scale) >> Shift(mantissaBits);
    }

    /// <summary>
    /// The scale of code <paramref name="code"/>: the float32 with bits k &lt;&lt; (23 − m), or null where that is no positive,
    /// finite, normal float32 (a reader refuses the file then).
    /// </summary>
    public static float? FromCode(ulong code, int mantissaBits)
    {
        int shift = Shift(mantissaBits);
        if (code >= 1UL << (32 - shift)) return null; // the sign bit or beyond
        ulong bits = code << shift;
        return bits is >= MinNormalBits and < InfinityBits ? BitConverter.Int32BitsToSingle((int)bits) : null;
    }

    static int Shift(int mantissaBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mantissaBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mantissaBits, MaxMantissaBits);
        return MaxMantissaBits - mantissaBits;
    }

    static void CheckScale(float scale)
    {
        if (!TensorScales.IsValid(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "a scale is a positive normal float");
    }
}
