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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long[] Counts(ReadOnlySpan<float> values, double min, double step, int cellCount)
    {
        var counts = new long[cellCount];
        foreach (float value in values) counts[Cell(value, min, step, cellCount)]++;
        return counts;
    }
}
