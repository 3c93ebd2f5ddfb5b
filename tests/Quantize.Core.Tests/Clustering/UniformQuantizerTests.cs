using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;

namespace Quantize.Core.Tests.Clustering;

public class UniformQuantizerTests
{
    [Fact]
    public void CellsAreEqualWidth_AndCentresAreMeans()
    {
        float[] values = [0, 0.1f, 0.9f, 1.2f, 3.9f, 4];
        Quantization q = new UniformQuantizer(4).Quantize(values, []);

        Assert.Equal(new[] { 0, 0, 0, 1, 2, 2 }, q.Assignment); // cells [0,1) [1,2) [2,3) [3,4]; [2,3) is empty
        Assert.Equal(new[] { (float)(((double)0.1f + 0.9f) / 3), 1.2f, (float)((3.9f + 4.0) / 2) }, q.Centers);
    }

    [Fact]
    public void WeightedCentres_UseTheWeights()
    {
        float[] values = [0, 1, 3, 4];
        float[] weights = [3, 1, 1, 0];

        Assert.Equal(new[] { 0.25f, 3f }, new UniformQuantizer(2, weightedCenters: true).Quantize(values, weights).Centers);
        Assert.Equal(new[] { 0.5f, 3.5f }, new UniformQuantizer(2).Quantize(values, weights).Centers);
    }

    [Fact]
    public void WeightlessCell_TakesItsPlainMean()
    {
        Quantization q = new UniformQuantizer(2, weightedCenters: true).Quantize([0, 1, 3, 4], [0, 0, 1, 1]);
        Assert.Equal(new[] { 0.5f, 3.5f }, q.Centers);
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(3, 3.0)]
    [InlineData(4, 4.5)]
    [InlineData(5, 6.0)]
    [InlineData(6, 0.4)]
    public void RateControl_MeetsTheTarget_FromJustUnder(int seed, double rate)
    {
        var random = new Random(seed);
        float[] values = seed % 2 == 0 ? ClusteringTestData.Laplacian(random, 20000) : ClusteringTestData.Gaussian(random, 20000);

        UniformRateResult result = new RateControlledUniformQuantizer(rate).Solve(values, []);

        Assert.Equal(Entropy.Bits(result.Quantization.Counts), result.Entropy);
        Assert.True(result.Entropy <= rate, $"entropy {result.Entropy} over the target {rate}");
        Assert.True(result.Entropy >= rate - 0.05, $"entropy {result.Entropy} too far under the target {rate}");
        QuantizationAssert.WellFormed(result.Quantization, values.Length);
        // The grid is exactly a uniform quantizer with that step.
        (float min, float max) = (values.Min(), values.Max());
        int cells = (int)Math.Ceiling(((double)max - min) / result.Step);
        for (int i = 0; i < values.Length; i += 97)
        {
            int expected = (int)Math.Min(cells - 1, Math.Floor((values[i] - (double)min) / result.Step));
            int first = Array.FindIndex(result.Quantization.Assignment, a => a == result.Quantization.Assignment[i]);
            int cellOfFirst = (int)Math.Min(cells - 1, Math.Floor((values[first] - (double)min) / result.Step));
            Assert.Equal(cellOfFirst, expected);
        }
    }

    [Fact]
    public void RateControl_UnreachableTarget_GivesTheFinestGrid()
    {
        float[] values = [0, 1, 2, 3];
        UniformRateResult result = new RateControlledUniformQuantizer(10).Solve(values, []);

        Assert.Equal(2.0, result.Entropy);
        Assert.Equal(4, result.Quantization.ClusterCount);
    }

    [Fact]
    public void RateControl_WeightedCentres_KeepTheGrid()
    {
        var random = new Random(30);
        float[] values = ClusteringTestData.Gaussian(random, 5000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);

        UniformRateResult plain = new RateControlledUniformQuantizer(3).Solve(values, weights);
        UniformRateResult weighted = new RateControlledUniformQuantizer(3, weightedCenters: true).Solve(values, weights);

        Assert.Equal(plain.Step, weighted.Step);
        Assert.Equal(plain.Quantization.Assignment, weighted.Quantization.Assignment);
        QuantizationAssert.CentersAreMeans(weighted.Quantization, values, weights);
        Assert.True(weighted.Quantization.Distortion(values, weights) <= plain.Quantization.Distortion(values, weights));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RateControl_RejectsMeaninglessRates(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateControlledUniformQuantizer(rate));
    }
}
