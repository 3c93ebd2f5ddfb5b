using System.Runtime.CompilerServices;

namespace Quantize.Core.Clustering.Points;

/// <summary>Labels values by intervals of the sorted values, given the largest value of each interval.</summary>
static class IntervalAssignment
{
    /// <summary>Cells of the lookup grid used for large inputs (two 256 KiB tables).</summary>
    const int GridCells = 1 << 16;

    /// <param name="upperBounds">Strictly increasing; the last is at least the largest value.</param>
    /// <returns>For each value, the first interval whose upper bound it does not exceed.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Labels(ReadOnlySpan<float> values, float[] upperBounds)
    {
        var labels = new int[values.Length];
        if (upperBounds.Length == 1) return labels;
        if (values.Length < 4 * GridCells)
        {
            for (int i = 0; i < values.Length; i++) labels[i] = Search(upperBounds, values[i], 0, upperBounds.Length - 1);
            return labels;
        }

        // A binary search per value is a chain of dependent loads; instead, an equal-width grid over the
        // range says which intervals a value's cell can touch (almost always one), and only a tie between
        // several needs a search. The grid only narrows the search, so the result is exact.
        (float min, float max) = ValueRange.Of(values);
        double scale = GridCells / ((double)max - min);
        var first = new int[GridCells];
        var last = new int[GridCells];
        for (int cell = 0; cell < GridCells; cell++)
        {
            // One cell of margin on each side absorbs rounding in the cell of a value.
            first[cell] = Search(upperBounds, (float)(min + (cell - 1) / scale), 0, upperBounds.Length - 1);
            last[cell] = Search(upperBounds, (float)(min + (cell + 2) / scale), 0, upperBounds.Length - 1);
        }
        for (int i = 0; i < values.Length; i++)
        {
            float value = values[i];
            int cell = Math.Clamp((int)((value - (double)min) * scale), 0, GridCells - 1);
            int lo = first[cell], hi = last[cell];
            labels[i] = lo == hi ? lo : Search(upperBounds, value, lo, hi);
        }
        return labels;
    }

    /// <summary>First index in [lo, hi] whose bound is at least <paramref name="value"/>, or hi when none is.</summary>
    static int Search(float[] upperBounds, float value, int lo, int hi)
    {
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (upperBounds[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
