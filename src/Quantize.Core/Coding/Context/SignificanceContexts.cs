namespace Quantize.Core.Coding.Context;

/// <summary>
/// The context of each significance flag from flags already coded (docs/format.md, section 16.3): the previous element of the
/// row (L), the same column in the previous row (U), the same kernel position in the previous input channel (K, rank ≥ 3), and
/// how often the column was kept in all earlier rows (C: first row; never; under 1 in 8 rows; more). One model set per tensor.
/// </summary>
sealed class SignificanceContexts(SignificanceLayout layout)
{
    public const int Count = 32;

    readonly int[] columnKept = new int[layout.Columns];

    public AdaptiveBit[] Models { get; } = AdaptiveBit.NewSet(Count);

    /// <summary>The context of element (<paramref name="row"/>, <paramref name="column"/>); <paramref name="kept"/> holds every earlier flag.</summary>
    public int At(ReadOnlySpan<bool> kept, int row, int column, int position)
    {
        int context = 0;
        if (column > 0 && kept[position - 1]) context |= 1;
        if (row > 0 && kept[position - layout.Columns]) context |= 2;
        if (layout.Kernel > 0 && column >= layout.Kernel && kept[position - layout.Kernel]) context |= 4;
        int history = row == 0 ? 0 : columnKept[column] == 0 ? 1 : columnKept[column] * 8 < row ? 2 : 3;
        return context | history << 3;
    }

    public void Record(int column, bool kept)
    {
        if (kept) columnKept[column]++;
    }
}
