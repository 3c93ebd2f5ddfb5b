namespace Quantize.Core.Clustering.Uniform;

/// <summary>
/// Uniform quantization by step, not by count: cells of width <see cref="Step"/> centred on the multiples of the step
/// (a mid-tread grid), so 0 is a cell of its own and comes back exactly 0, and no outlier can stretch the grid — it only
/// adds a cell of its own far out. The distortion is fixed by the step (Step²/12 per value when the cells are fine); the
/// rate follows from the values, and the entropy code (Huffman) spends it. Each other cell's shared value is the
/// (optionally weighted) mean of its members, as for <see cref="UniformQuantizer"/>, or with <see cref="CenterMean.Grid"/>
/// the cell's own grid point <see cref="GridLevels.Value"/>(cell, float32 step): a codebook of integer levels, which a
/// container stores in about a byte per value. At the default step (0.07 of a channel's RMS) the density hardly changes
/// across a cell, so its mean sits within a fraction of a percent of the step from the grid point.
/// </summary>
public sealed class FixedStepQuantizer : IQuantizer
{
    public FixedStepQuantizer(double step, CenterMean center = CenterMean.Plain)
    {
        if (!(step > 0) || !double.IsFinite(step)) throw new ArgumentOutOfRangeException(nameof(step), step, "the step must be a positive finite number");
        Step = step;
        Center = center;
    }

    public double Step { get; }

    /// <summary>The cell of <paramref name="value"/>: the nearest multiple of the step, by index (halves away from 0).</summary>
    public static long Cell(float value, double step) => (long)Math.Round(value / step, MidpointRounding.AwayFromZero);

    public CenterMean Center { get; }

    public bool WeightedCenters => Center == CenterMean.Weighted;

    public string Name => "uniform";

    public Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        QuantizerInput.Check(values, weights);
        var cells = new long[values.Length];
        for (int i = 0; i < values.Length; i++) cells[i] = Cell(values[i], Step);
        // Only occupied cells get a label: a far outlier leaves a grid of millions of cells of which a few hold anything.
        (int[] labels, long[] occupied) = UniformGrid.OccupiedLabels(cells);
        if (Center == CenterMean.Grid)
        {
            float step = (float)Step; // the step a container stores: the centres must be its grid points exactly
            return new Quantization(Array.ConvertAll(occupied, cell => GridLevels.Value(cell, step)), labels);
        }
        int zeroLabel = Array.BinarySearch(occupied, 0L);

        Quantization built = QuantizationBuilder.Build(values, WeightedCenters ? weights : ReadOnlySpan<float>.Empty, labels, occupied.Length);
        if (zeroLabel < 0) return built;
        // The zero cell reconstructs as exactly 0 (its neighbours' centres lie beyond ±Step/2, so the order holds): an
        // all-zero bias stays zero, as it does in the original.
        int zeroCluster = built.Assignment[Array.IndexOf(cells, 0L)];
        float[] centers = (float[])built.Centers.Clone();
        centers[zeroCluster] = 0f;
        return new Quantization(centers, built.Assignment);
    }
}
