namespace Quantize.Core.Clustering.Points;

/// <summary>
/// Maps floats to unsigned integers whose order is the floats' numeric order (negative values have
/// all bits flipped, non-negative ones the sign bit set), so floats can be radix-sorted as integers.
/// </summary>
static class FloatKeys
{
    public static uint ToKey(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    public static float FromKey(uint key) =>
        BitConverter.UInt32BitsToSingle((key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key);
}
