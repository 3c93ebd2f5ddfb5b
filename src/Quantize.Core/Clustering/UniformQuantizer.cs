namespace Quantize.Core.Clustering;

/// <summary>
/// Uniform quantization (paper §4.3): <see cref="CellCount"/> equal cells over [min, max]; each value
/// goes to its cell and a cell's shared value is the (optionally weighted) mean of its members, which
/// minimises the distortion for that partition. Empty cells are dropped, so k ≤ CellCount.
/// </summary>
public sealed class UniformQuantizer : IQuantizer
{
    public UniformQuantizer(int cellCount, bool weightedCenters = false)
    {
        if (cellCount < 1) throw new ArgumentOutOfRangeException(nameof(cellCount), cellCount, "at least one cell is needed");
        CellCount = cellCount;
        WeightedCenters = weightedCenters;
    }

    public int CellCount { get; }

    public bool WeightedCenters { get; }

    public string Name => "uniform";

    public Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        if (values.IsEmpty) throw new ArgumentException("nothing to quantize", nameof(values));
        if (!weights.IsEmpty && weights.Length != values.Length) throw new ArgumentException("one weight per value is needed", nameof(weights));
        (float min, float max) = ValueRange.Of(values);

        double step = ((double)max - min) / CellCount;
        var cells = new int[values.Length];
        var sums = new double[CellCount];
        var totals = new double[CellCount];
        for (int i = 0; i < values.Length; i++)
        {
            int cell = step > 0 ? (int)Math.Min(CellCount - 1, Math.Floor((values[i] - (double)min) / step)) : 0;
            double weight = WeightedCenters && !weights.IsEmpty ? weights[i] : 1.0;
            cells[i] = cell;
            sums[cell] += weight * values[i];
            totals[cell] += weight;
        }
        return CellMeans.Compact(cells, sums, totals, values);
    }
}
