namespace Quantize.Format.Onnx;

/// <summary>bfloat16 is the upper half of a float32's bits; rounding to it is round-to-nearest-even on the lower half.</summary>
static class BFloat16Bits
{
    public static float ToFloat(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    public static ushort FromFloat(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x40); // keep it a NaN (quiet) after truncation
        uint roundingBias = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
