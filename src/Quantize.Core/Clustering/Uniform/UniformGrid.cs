using System.Runtime.CompilerServices;

namespace Quantize.Core.Clustering.Uniform;

/// <summary>Cells of equal width <c>step</c> laid from the smallest value: cell i is [min + i·step, min + (i+1)·step), the last one closed.</summary>
static class UniformGrid
{
    public static int Cell(float value, double min, double step, int cellCount) =>
        step > 0 ? (int)Math.Min(cellCount - 1, Math.Floor((value - min) / step)) : 0;

    /// <summary>Cells needed to cover a range of width <paramref name="range"/>, or int.MaxValue when absurdly many.</summary>
    public static int CellsFor(double range, double step)
    {
        if (!(step > 0) || range <= 0) return 1;
        double cells = Math.Ceiling(range / step);
        return cells >= int.MaxValue ? int.MaxValue : Math.Max(1, (int)cells);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Labels(ReadOnlySpan<float> values, double min, double step, int cellCount)
    {
        var labels = new int[values.Length];
        for (int i = 0; i < values.Length; i++) labels[i] = Cell(values[i], min, step, cellCount);
        return labels;
    }

    /// <summary>
    /// Labels of a grid of <paramref name="cellCount"/> cells: the cell indices themselves while the grid is at most
    /// <see cref="UniformRateSearch.MaxCells"/> (empty cells included, as <see cref="Labels"/>), else only the occupied
    /// cells, numbered in order of value: a step set by the rate and one outlier far out give a grid of billions of cells,
    /// of which a handful hold anything. Either way <see cref="QuantizationBuilder"/> gives the same quantization.
    /// </summary>
    public static (int[] Labels, int Count) CompactLabels(ReadOnlySpan<float> values, double min, double step, int cellCount)
    {
        if (cellCount <= UniformRateSearch.MaxCells) return (Labels(values, min, step, cellCount), cellCount);
        var cells = new long[values.Length];
        for (int i = 0; i < values.Length; i++) cells[i] = SparseCell(values[i], min, step);
        (int[] labels, long[] occupied) = OccupiedLabels(cells);
        return (labels, occupied.Length);
    }

    /// <summary>Each cell index's rank among the distinct occupied cells (in increasing order), and those cells.</summary>
    public static (int[] Labels, long[] Occupied) OccupiedLabels(long[] cells)
    {
        long[] occupied = (long[])cells.Clone();
        Array.Sort(occupied);
        int count = 0;
        for (int i = 0; i < occupied.Length; i++)
            if (i == 0 || occupied[i] != occupied[i - 1]) occupied[count++] = occupied[i];
        Array.Resize(ref occupied, count);
        var labels = new int[cells.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = Array.BinarySearch(occupied, cells[i]);
        return (labels, occupied);
    }

    /// <summary>The cell of a grid with no last cell: an index that may pass int.MaxValue.</summary>
    public static long SparseCell(float value, double min, double step) => step > 0 ? (long)Math.Floor((value - min) / step) : 0;

    /// <summary>The sizes of the occupied cells only, from values sorted in increasing order.</summary>
    public static long[] OccupiedCounts(ReadOnlySpan<float> sorted, double min, double step)
    {
        var counts = new List<long>();
        long current = long.MinValue;
        foreach (float value in sorted)
        {
            long cell = SparseCell(value, min, step);
            if (cell != current || counts.Count == 0)
            {
                counts.Add(0);
                current = cell;
            }
            counts[^1]++;
        }
        return counts.ToArray();
    }

    /// <summary>
    /// The widest step under <paramref name="start"/> whose occupied cells are as many as found without passing
    /// <paramref name="cells"/>: halve until too many cells are occupied, then bisect log-step between the last that
    /// fits and the first that does not. <paramref name="sorted"/> holds the values in increasing order.
    /// </summary>
    public static double StepForCells(ReadOnlySpan<float> sorted, double min, double start, int cells)
    {
        double fits = start, tooFine = start;
        int best = OccupiedCounts(sorted, min, start).Length;
        for (int i = 0; i < 200; i++)
        {
            tooFine /= 2;
            if (!(tooFine > 0)) return fits;
            int occupied = OccupiedCounts(sorted, min, tooFine).Length;
            if (occupied > cells) break;
            if (occupied == best && occupied == DistinctCount(sorted)) return fits; // every distinct value has its cell
            (fits, best) = (tooFine, occupied);
        }
        for (int i = 0; i < 40 && fits / tooFine > 1 + 1e-6; i++)
        {
            double middle = Math.Sqrt(fits * tooFine);
            if (OccupiedCounts(sorted, min, middle).Length > cells) tooFine = middle;
            else fits = middle;
        }
        return fits;
    }

    static int DistinctCount(ReadOnlySpan<float> sorted)
    {
        int distinct = sorted.IsEmpty ? 0 : 1;
        for (int i = 1; i < sorted.Length; i++)
            if (sorted[i] != sorted[i - 1]) distinct++;
        return distinct;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long[] Counts(ReadOnlySpan<float> values, double min, double step, int cellCount)
    {
        var counts = new long[cellCount];
        foreach (float value in values) counts[Cell(value, min, step, cellCount)]++;
        return counts;
    }
}
