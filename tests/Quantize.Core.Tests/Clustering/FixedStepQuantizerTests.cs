using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;

namespace Quantize.Core.Tests.Clustering;

/// <summary>Uniform cells by step: the distortion the step promises, zeros kept exact, the rate the values give.</summary>
public class FixedStepQuantizerTests
{
    [Fact]
    public void GaussianValues_HaveTheStepsDistortion_AndTheirEntropy()
    {
        float[] values = ClusteringTestData.Gaussian(new Random(3), 200_000);
        const double step = 0.1;

        Quantization q = new FixedStepQuantizer(step).Quantize(values, []);

        // Fine cells: the error is uniform over a cell, Δ²/12; the entropy is h(N(0,1)) − log2 Δ = 2.047 + 3.322 bits.
        Assert.InRange(q.Distortion(values, []) / (step * step / 12), 0.97, 1.03);
        Assert.InRange(Entropy.Bits(q.Counts), 5.32, 5.42);
    }

    [Fact]
    public void ZeroCell_ComesBackExactlyZero_EvenWhenItsMembersAreNot()
    {
        float[] values = [0f, 0f, 0.04f, 0.03f, 0.3f, -0.31f, 0f];

        Quantization q = new FixedStepQuantizer(0.1).Quantize(values, []);
        float[] restored = q.Reconstruct();

        Assert.Equal([0f, 0f, 0f, 0f, 0.3f, -0.31f, 0f], restored);
        Assert.Equal(3, q.ClusterCount);
    }

    [Fact]
    public void CellsAreCentredOnMultiplesOfTheStep()
    {
        // 0.14 and 0.06 share the cell of 0.1 ([0.05, 0.15)); 0.16 is the next one.
        float[] values = [0.14f, 0.06f, 0.16f, -0.06f];

        Quantization q = new FixedStepQuantizer(0.1).Quantize(values, []);

        Assert.Equal(q.Assignment[0], q.Assignment[1]);
        Assert.NotEqual(q.Assignment[1], q.Assignment[2]);
        Assert.Equal(0.1f, q.Centers[q.Assignment[0]], 6);
        Assert.Equal(-0.06f, q.Centers[q.Assignment[3]]);
    }

    [Fact]
    public void WeightedCenters_TakeTheWeightedMeanOfEachCell()
    {
        float[] values = [0.1f, 0.14f], weights = [3f, 1f];

        Quantization plain = new FixedStepQuantizer(0.1).Quantize(values, weights);
        Quantization weighted = new FixedStepQuantizer(0.1, CenterMean.Weighted).Quantize(values, weights);

        Assert.Equal(0.12f, plain.Centers.Single(), 6);
        Assert.Equal(0.11f, weighted.Centers.Single(), 6);
    }

    [Fact]
    public void GridCenters_AreTheCellsGridPoints_WithTheSameCells()
    {
        float[] values = ClusteringTestData.Gaussian(new Random(5), 20_000);
        Quantization mean = new FixedStepQuantizer(0.07).Quantize(values, []);
        Quantization grid = new FixedStepQuantizer(0.07, CenterMean.Grid).Quantize(values, []);

        Assert.Equal(mean.Assignment, grid.Assignment); // the same cells, so the same rate
        long[] levels = GridLevels.Of(grid.Centers, 0.07f)!;
        Assert.Equal(grid.Centers, levels.Select(l => GridLevels.Value(l, 0.07f)));
        Assert.Equal(mean.Centers.Select(c => Math.Round(c / 0.07)), levels.Select(l => (double)l)); // each mean's own cell
        Assert.Equal(0f, grid.Centers[Array.IndexOf(levels, 0L)]);
        // At a step this fine the density hardly changes across a cell: the grid points cost under 1% more distortion.
        Assert.InRange(grid.Distortion(values, []) / mean.Distortion(values, []), 1, 1.01);
    }

    [Fact]
    public void GridCenters_NeedAStep()
    {
        var options = new QuantizerOptions { Method = QuantizationMethod.Uniform, Clusters = 8, Center = CenterMean.Grid };
        Assert.Contains("need --method uniform with --step", Assert.Throws<QuantizationException>(options.Validate).Message);
        Assert.Throws<QuantizationException>((options with { Method = QuantizationMethod.KMeans }).Validate);
        Assert.Equal(CenterMean.Grid, QuantizerNames.ParseCenter("grid"));
        var q = Assert.IsType<FixedStepQuantizer>(QuantizerFactory.Create(options with { Clusters = null, Step = 0.5 }));
        Assert.Equal(CenterMean.Grid, q.Center);
    }

    [Fact]
    public void FactoryBuildsIt_FromAStep()
    {
        var q = Assert.IsType<FixedStepQuantizer>(QuantizerFactory.Create(new QuantizerOptions { Method = QuantizationMethod.Uniform, Step = 0.25 }));
        Assert.Equal(0.25, q.Step);
    }
}
