using System.Runtime.InteropServices;

namespace Quantize.Core.Coding;

/// <summary>
/// Deep Compression's relative indexing of pruned tensors (Han et al. 2015, sec. 2): the positions
/// of the kept parameters are stored as gaps of a fixed width b (8 for conv, 5 for fc layers).
/// <para>
/// Gap convention. Entries are coded in ascending position order; the entry at position p that
/// follows the entry at q has gap g = p - q - 1, the number of pruned positions skipped between
/// them, and the first entry is counted from q = -1 (so a kept position 0 has gap 0 and a fully
/// dense tensor is all zero gaps). Decoding is p = q + g + 1. Positions after the last entry need
/// nothing: the tensor length is known.
/// </para>
/// <para>
/// Fillers. A gap g above the largest codable gap G = 2^b - 1 is split: a filler entry is placed at
/// q + G + 1 (gap G) and counting restarts from it, as often as needed. A filler is an ordinary
/// coded entry, so the caller stores a parameter whose value is zero there; the position lists
/// returned here include fillers, and <see cref="PositionGaps.FillerPositions"/> says which.
/// Example, b = 2 (G = 3): kept {0, 9} give entries 0 (gap 0), filler 4 (gap 3), filler 8 (gap 3),
/// 9 (gap 0).
/// </para>
/// </summary>
public static class RelativeIndexing
{
    /// <summary>Widest gap supported; 2^16 symbols keep the gap code's table small.</summary>
    public const int MaxGapBits = 16;

    /// <summary>Gaps for the positions where <paramref name="keepMask"/> is true; N = the mask's length.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gapBits"/> is outside 1..16.</exception>
    public static PositionGaps Encode(ReadOnlySpan<bool> keepMask, int gapBits)
    {
        ValidateGapBits(gapBits);
        var kept = new List<int>();
        for (int i = 0; i < keepMask.Length; i++)
        {
            if (keepMask[i])
            {
                kept.Add(i);
            }
        }

        return EncodeSorted(CollectionsMarshal.AsSpan(kept), keepMask.Length, gapBits);
    }

    /// <summary>Gaps for strictly ascending kept positions in a tensor of <paramref name="length"/> elements.</summary>
    /// <exception cref="ArgumentException">
    /// The positions are not strictly ascending or lie outside 0..length - 1, or
    /// <paramref name="gapBits"/> is outside 1..16.
    /// </exception>
    public static PositionGaps Encode(ReadOnlySpan<int> keptPositions, int length, int gapBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ValidateGapBits(gapBits);
        int previous = -1;
        for (int i = 0; i < keptPositions.Length; i++)
        {
            int position = keptPositions[i];
            if (position <= previous || position >= length)
            {
                throw new ArgumentException(
                    $"Kept position {position} at index {i} is not above {previous} and below {length}: " +
                    "positions must be strictly ascending and inside the tensor.",
                    nameof(keptPositions));
            }

            previous = position;
        }

        return EncodeSorted(keptPositions, length, gapBits);
    }

    /// <summary>
    /// Positions of all coded entries, kept and filler, from gaps read from an untrusted file.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// <paramref name="gapBits"/> is outside 1..16, <paramref name="length"/> is negative, a gap is
    /// outside 0..2^b - 1, or a position reaches past the end of the tensor.
    /// </exception>
    public static int[] Decode(ReadOnlySpan<int> gaps, int length, int gapBits)
    {
        if (gapBits < 1 || gapBits > MaxGapBits)
        {
            ThrowHelper.GapBitsOutOfRange(gapBits, MaxGapBits);
        }

        if (length < 0)
        {
            ThrowHelper.NegativeTensorLength(length);
        }

        int maxGap = (1 << gapBits) - 1;
        var positions = new int[gaps.Length];
        long previous = -1; // long: previous + maxGap + 1 may pass int.MaxValue
        for (int i = 0; i < gaps.Length; i++)
        {
            int gap = gaps[i];
            if ((uint)gap > (uint)maxGap)
            {
                ThrowHelper.GapOutOfRange(gap, maxGap, i);
            }

            long position = previous + gap + 1;
            if (position >= length)
            {
                ThrowHelper.PositionPastEnd(position, length, i);
            }

            positions[i] = (int)position;
            previous = position;
        }

        return positions;
    }

    // Requires strictly ascending positions in 0..length - 1.
    private static PositionGaps EncodeSorted(ReadOnlySpan<int> kept, int length, int gapBits)
    {
        int maxGap = (1 << gapBits) - 1;
        var gaps = new List<int>(kept.Length);
        var positions = new List<int>(kept.Length);
        var fillers = new List<int>();
        int previous = -1;
        foreach (int position in kept)
        {
            // Each filler advances by maxGap + 1 and stays below position, since the gap left was above maxGap.
            while (position - previous - 1 > maxGap)
            {
                previous += maxGap + 1;
                gaps.Add(maxGap);
                positions.Add(previous);
                fillers.Add(previous);
            }

            gaps.Add(position - previous - 1);
            positions.Add(position);
            previous = position;
        }

        return new PositionGaps(length, gapBits, gaps.ToArray(), positions.ToArray(), fillers.ToArray());
    }

    private static void ValidateGapBits(int gapBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gapBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gapBits, MaxGapBits);
    }
}
