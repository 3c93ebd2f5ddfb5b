using Quantize.Core.Clustering;
using Quantize.Core.Clustering.KMeans;

namespace Quantize.Core.Tests.Clustering;

public class HessianKMeansTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 16)]
    [InlineData(3, 64)]
    public void CentersAreWeightedMeans_AndTheResultIsWellFormed(int seed, int k)
    {
        var random = new Random(seed);
        float[] values = ClusteringTestData.Laplacian(random, 5000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);

        Quantization q = new KMeansQuantizer(k, weighted: true).Quantize(values, weights);

        QuantizationAssert.WellFormed(q, values.Length);
        QuantizationAssert.CentersAreMeans(q, values, weights);
        Assert.True(q.ClusterCount <= k);
    }

    [Fact]
    public void EveryValueIsAtItsNearestCentre_AtConvergence()
    {
        var random = new Random(8);
        float[] values = ClusteringTestData.Gaussian(random, 3000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);

        Quantization q = new KMeansQuantizer(12, weighted: true).Quantize(values, weights);

        for (int i = 0; i < values.Length; i++)
        {
            double own = Math.Abs(values[i] - q.Centers[q.Assignment[i]]);
            Assert.All(q.Centers, c => Assert.True(own <= Math.Abs(values[i] - c) + 1e-6));
        }
    }

    [Fact]
    public void WeightsPullCentres_TowardHeavyValues()
    {
        float[] values = [0, 1, 10, 11];
        Quantization q = new KMeansQuantizer(2, weighted: true).Quantize(values, [1, 3, 1, 1]);

        Assert.Equal(new[] { 0.75f, 10.5f }, q.Centers);
    }

    [Fact]
    public void AllZeroWeights_ActLikeNoWeights()
    {
        float[] values = ClusteringTestData.Gaussian(new Random(4), 500);
        var zero = new float[values.Length];

        Quantization withZeros = new KMeansQuantizer(6, weighted: true).Quantize(values, zero);
        Quantization plain = new KMeansQuantizer(6).Quantize(values, []);

        Assert.Equal(plain.Centers, withZeros.Centers);
        Assert.Equal(plain.Assignment, withZeros.Assignment);
    }

    [Fact]
    public void ClusterOfWeightlessValues_SitsAtTheirPlainMean()
    {
        float[] values = [0, 0.5f, 10, 11, 12];
        float[] weights = [0, 0, 1, 1, 2];

        Quantization q = new KMeansQuantizer(2, weighted: true).Quantize(values, weights);

        Assert.Equal(new[] { 0.25f, 11.25f }, q.Centers);
        Assert.Equal(new[] { 0, 0, 1, 1, 1 }, q.Assignment);
    }

    [Fact]
    public void KMeansPlusPlus_SeededRuns_AreIdentical()
    {
        var random = new Random(17);
        float[] values = ClusteringTestData.Laplacian(random, 3000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);
        var quantizer = new KMeansQuantizer(32, CenterInitialization.KMeansPlusPlus, seed: 7, weighted: true);

        Quantization a = quantizer.Quantize(values, weights), b = quantizer.Quantize(values, weights);

        Assert.Equal(a.Centers, b.Centers);
        Assert.Equal(a.Assignment, b.Assignment);
        QuantizationAssert.WellFormed(a, values.Length);
    }
}
