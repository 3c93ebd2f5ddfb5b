using System.Runtime.CompilerServices;

namespace Quantize.Core.Clustering.Points;

/// <summary>
/// The values in increasing order, each still paired with its weight: one 64-bit record per value
/// (order-preserving key in the upper half, the weight's bits in the lower half), radix-sorted.
/// </summary>
sealed class SortedSample
{
    readonly ulong[] _records;

    SortedSample(ulong[] records) => _records = records;

    public int Count => _records.Length;

    public float Min => Value(0);

    public float Max => Value(_records.Length - 1);

    /// <param name="weights">One weight per value, or empty for weight 1 everywhere.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SortedSample Create(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        var records = new ulong[values.Length];
        uint one = BitConverter.SingleToUInt32Bits(1f);
        for (int i = 0; i < values.Length; i++)
        {
            uint weightBits = weights.IsEmpty ? one : BitConverter.SingleToUInt32Bits(weights[i]);
            records[i] = ((ulong)FloatKeys.ToKey(values[i]) << 32) | weightBits;
        }
        return new SortedSample(RadixSort.ByUpperHalf(records));
    }

    public float Value(int index) => FloatKeys.FromKey((uint)(_records[index] >> 32));

    public float Weight(int index) => BitConverter.UInt32BitsToSingle((uint)_records[index]);
}
