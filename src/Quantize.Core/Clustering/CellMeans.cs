namespace Quantize.Core.Clustering;

/// <summary>Turns per-cell sums into a <see cref="Quantization"/>: drops empty cells and renumbers the rest in order.</summary>
static class CellMeans
{
    public static Quantization Compact(int[] cells, double[] sums, double[] totals, ReadOnlySpan<float> values)
    {
        var populated = new bool[sums.Length];
        foreach (int cell in cells) populated[cell] = true;

        var renumber = new int[sums.Length];
        var centers = new List<float>();
        for (int cell = 0; cell < sums.Length; cell++)
        {
            renumber[cell] = -1;
            if (!populated[cell]) continue;
            renumber[cell] = centers.Count;
            // All-zero weights in a cell leave its mean undefined; its first member then stands for it.
            centers.Add(totals[cell] > 0 ? (float)(sums[cell] / totals[cell]) : FirstMember(cells, cell, values));
        }
        var assignment = new int[cells.Length];
        for (int i = 0; i < cells.Length; i++) assignment[i] = renumber[cells[i]];
        return new Quantization(centers.ToArray(), assignment);
    }

    static float FirstMember(int[] cells, int cell, ReadOnlySpan<float> values) => values[Array.IndexOf(cells, cell)];
}
