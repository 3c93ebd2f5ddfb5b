using System.Runtime.CompilerServices;

namespace Quantize.Core.Clustering.Points;

/// <summary>
/// Stable LSD radix sort of 64-bit records by their upper 32 bits: three passes of 11, 11 and 10 bits.
/// At 10^7 values this is several times faster than a comparison sort, which matters because every
/// 1-D method that works on sorted values pays for the sort once.
/// </summary>
static class RadixSort
{
    static readonly int[] Shifts = [32, 43, 54];
    const int DigitBits = 11;
    const int Buckets = 1 << DigitBits;

    /// <summary>Sorts <paramref name="records"/>; returns the sorted array, which is either it or a new buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong[] ByUpperHalf(ulong[] records)
    {
        var histograms = new int[Shifts.Length, Buckets];
        foreach (ulong record in records)
        {
            for (int pass = 0; pass < Shifts.Length; pass++) histograms[pass, (int)(record >> Shifts[pass]) & (Buckets - 1)]++;
        }

        ulong[] source = records;
        ulong[]? target = null;
        for (int pass = 0; pass < Shifts.Length; pass++)
        {
            // A digit that is the same in every record would only copy the array.
            if (histograms[pass, (int)(records[0] >> Shifts[pass]) & (Buckets - 1)] == records.Length) continue;
            var offsets = new int[Buckets];
            for (int bucket = 1; bucket < Buckets; bucket++) offsets[bucket] = offsets[bucket - 1] + histograms[pass, bucket - 1];
            target ??= new ulong[records.Length];
            int shift = Shifts[pass];
            foreach (ulong record in source) target[offsets[(int)(record >> shift) & (Buckets - 1)]++] = record;
            (source, target) = (target, source);
        }
        return source;
    }
}
