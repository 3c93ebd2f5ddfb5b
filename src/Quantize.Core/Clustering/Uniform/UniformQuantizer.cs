using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.Uniform;

/// <summary>
/// Uniform quantization (paper §4.3): <see cref="CellCount"/> equal cells over [min, max]; each value
/// goes to its cell and a cell's shared value is the (optionally weighted) mean of its members, which
/// minimises the distortion for that partition. Empty cells are dropped, so k ≤ CellCount.
/// Where outliers stretch the range (<see cref="CentralSpan"/>: an outlier far out would leave the weights a cell or
/// two), the step is instead the widest that occupies as many cells as possible without passing
/// <see cref="CellCount"/>, so the cells go where the values are and the outlier keeps its own.
/// To meet an entropy target instead of a cell count, use <see cref="RateControlledUniformQuantizer"/>.
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
        QuantizerInput.Check(values, weights);
        (float min, float max) = ValueRange.Of(values);
        double step = ((double)max - min) / CellCount;
        if (step > 0 && CentralSpan.Stretched((double)max - min, CentralSpan.Of(values)))
        {
            float[] sorted = values.ToArray();
            Array.Sort(sorted);
            double fitted = UniformGrid.StepForCells(sorted, min, step, CellCount);
            return WithStep(values, weights, WeightedCenters, min, fitted, int.MaxValue); // labelled by occupied cells
        }
        return WithStep(values, weights, WeightedCenters, min, step, CellCount);
    }

    /// <summary>The quantization a grid of <paramref name="cellCount"/> cells of width <paramref name="step"/> from <paramref name="min"/> gives.</summary>
    internal static Quantization WithStep(ReadOnlySpan<float> values, ReadOnlySpan<float> weights, bool weightedCenters, double min, double step, int cellCount)
    {
        (int[] labels, int count) = UniformGrid.CompactLabels(values, min, step, cellCount);
        return QuantizationBuilder.Build(values, weightedCenters ? weights : ReadOnlySpan<float>.Empty, labels, count);
    }
}
