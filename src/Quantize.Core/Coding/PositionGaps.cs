namespace Quantize.Core.Coding;

/// <summary>
/// The positions of one tensor's unpruned parameters as produced by <see cref="RelativeIndexing"/>:
/// one gap symbol per coded entry, the coded positions themselves, and which of them are fillers.
/// </summary>
public sealed class PositionGaps
{
    private readonly int[] _gaps;
    private readonly int[] _positions;
    private readonly int[] _fillerPositions;

    internal PositionGaps(int length, int gapBits, int[] gaps, int[] positions, int[] fillerPositions)
    {
        Length = length;
        GapBits = gapBits;
        _gaps = gaps;
        _positions = positions;
        _fillerPositions = fillerPositions;
    }

    /// <summary>Number of elements N of the tensor, pruned or not.</summary>
    public int Length { get; }

    /// <summary>Fixed width b of a gap symbol; gaps are 0..2^b - 1.</summary>
    public int GapBits { get; }

    /// <summary>One gap symbol per coded entry (kept or filler), in position order.</summary>
    public ReadOnlySpan<int> Gaps => _gaps;

    /// <summary>
    /// Position of every coded entry, ascending; <c>Positions[i]</c> is the entry of <c>Gaps[i]</c>.
    /// The caller codes one value per entry, in this order.
    /// </summary>
    public ReadOnlySpan<int> Positions => _positions;

    /// <summary>
    /// The positions, ascending, that hold a filler rather than a kept parameter; the caller must
    /// code the value zero there (Han et al.'s "filler zero").
    /// </summary>
    public ReadOnlySpan<int> FillerPositions => _fillerPositions;

    /// <summary>Number of coded entries: kept parameters plus fillers.</summary>
    public int EntryCount => _gaps.Length;
}
