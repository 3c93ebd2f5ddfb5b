using Quantize.Core.Clustering;
using Quantize.Core.Clustering.KMeans;
using Quantize.Core.Clustering.Optimal;

namespace Quantize.Core.Tests.Clustering;

public class OptimalWeightedQuantizerTests
{
    public static TheoryData<int, int, int, bool> TinyCases()
    {
        var data = new TheoryData<int, int, int, bool>();
        for (int seed = 0; seed < 12; seed++) data.Add(seed, 5 + seed % 4, 1 + seed % 3, seed % 2 == 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(TinyCases))]
    public void MatchesBruteForceOverEveryLabelling(int seed, int n, int k, bool weighted)
    {
        var random = new Random(seed);
        float[] values = ClusteringTestData.Gaussian(random, n);
        float[]? weights = weighted ? ClusteringTestData.Weights(random, n) : null;

        OptimalQuantizationResult result = new OptimalWeightedQuantizer(k).Solve(values, weights);

        double best = ReferenceClustering.BruteForceLabellings(values, weights, k);
        double found = ReferenceClustering.Objective(values, weights, result.Quantization.Assignment);
        Assert.Equal(best, found, 1e-9);
        Assert.Equal(best / n, result.Objective, 1e-9);
        Assert.Equal(0, result.GapBound);
    }

    public static TheoryData<int, int, int, bool> SmallCases()
    {
        var data = new TheoryData<int, int, int, bool>();
        for (int seed = 0; seed < 16; seed++) data.Add(seed, 9 + seed % 6, 2 + seed % 4, seed % 2 == 1);
        return data;
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void MatchesBruteForceOverEverySplitOfTheSortedValues(int seed, int n, int k, bool weighted)
    {
        var random = new Random(100 + seed);
        float[] values = seed % 3 == 0 ? ClusteringTestData.Laplacian(random, n) : ClusteringTestData.Uniform(random, n);
        if (seed % 4 == 0) values[1] = values[0]; // a repeated value
        float[]? weights = weighted ? ClusteringTestData.Weights(random, n) : null;

        Quantization q = new OptimalWeightedQuantizer(k).Quantize(values, weights);

        QuantizationAssert.WellFormed(q, n);
        QuantizationAssert.CentersAreMeans(q, values, weights);
        Assert.Equal(ReferenceClustering.BruteForceRuns(values, weights, k), ReferenceClustering.Objective(values, weights, q.Assignment), 1e-9);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 5)]
    [InlineData(3, 16)]
    [InlineData(4, 64)]
    [InlineData(5, 200)]
    public void IsNeverWorseThanLloyd(int seed, int k)
    {
        var random = new Random(seed);
        float[] values = ClusteringTestData.Laplacian(random, 4000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);

        double dp = new OptimalWeightedQuantizer(k).Quantize(values, weights).Distortion(values, weights);
        foreach (CenterInitialization init in Enum.GetValues<CenterInitialization>())
        {
            double lloyd = new KMeansQuantizer(k, init, seed, weighted: true).Quantize(values, weights).Distortion(values, weights);
            Assert.True(dp <= lloyd * (1 + 1e-9), $"k={k} {init}: dp {dp} > lloyd {lloyd}");
        }
        double dpPlain = new OptimalWeightedQuantizer(k, useWeights: false).Quantize(values, []).Distortion(values, []);
        double lloydPlain = new KMeansQuantizer(k).Quantize(values, []).Distortion(values, []);
        Assert.True(dpPlain <= lloydPlain * (1 + 1e-9), $"k={k} plain: dp {dpPlain} > lloyd {lloydPlain}");
    }

    [Fact]
    public void WeightedOptimum_BeatsThePlainOptimum_OnTheWeightedObjective()
    {
        var random = new Random(13);
        float[] values = ClusteringTestData.Laplacian(random, 4000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);

        int[] weighted = new OptimalWeightedQuantizer(16).Quantize(values, weights).Assignment;
        int[] plain = new OptimalWeightedQuantizer(16, useWeights: false).Quantize(values, weights).Assignment;

        Assert.True(ReferenceClustering.Objective(values, weights, weighted) < ReferenceClustering.Objective(values, weights, plain));
        Assert.True(ReferenceClustering.Objective(values, null, plain) < ReferenceClustering.Objective(values, null, weighted));
    }

    [Fact]
    public void GivesExactlyKClusters_WhenThereAreEnoughDistinctValues()
    {
        float[] values = ClusteringTestData.Laplacian(new Random(6), 2000);
        Quantization q = new OptimalWeightedQuantizer(256).Quantize(values, []);

        Assert.Equal(256, q.ClusterCount);
        QuantizationAssert.WellFormed(q, values.Length);
    }

    [Fact]
    public void UnweightedMode_IgnoresWeights()
    {
        var random = new Random(9);
        float[] values = ClusteringTestData.Gaussian(random, 1500);
        float[] weights = ClusteringTestData.Weights(random, values.Length);
        var quantizer = new OptimalWeightedQuantizer(10, useWeights: false);

        Assert.Equal(quantizer.Quantize(values, []).Assignment, quantizer.Quantize(values, weights).Assignment);
        Assert.Equal("kmeans", quantizer.Name);
    }

    [Fact]
    public void EqualValuesAreMergedLosslessly_WhenTheyFitTheHistogram()
    {
        var random = new Random(10);
        float[] values = ClusteringTestData.Gaussian(random, 20000).Select(v => MathF.Round(v * 100) / 100).ToArray(); // ≤ ~900 distinct
        float[] weights = ClusteringTestData.Weights(random, values.Length);

        OptimalQuantizationResult histogram = new OptimalWeightedQuantizer(24, maxPoints: 1024).Solve(values, weights);
        OptimalQuantizationResult raw = new OptimalWeightedQuantizer(24, maxPoints: 1 << 20).Solve(values, weights);

        Assert.Equal(0, histogram.BinWidth);
        Assert.Equal(raw.Quantization.Assignment, histogram.Quantization.Assignment);
        Assert.Equal(raw.Objective, histogram.Objective);
    }

    [Fact]
    public void IsDeterministic()
    {
        var random = new Random(14);
        float[] values = ClusteringTestData.Laplacian(random, 50000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);
        var quantizer = new OptimalWeightedQuantizer(64, maxPoints: 4096);

        OptimalQuantizationResult a = quantizer.Solve(values, weights), b = quantizer.Solve(values, weights);

        Assert.Equal(a.Quantization.Centers, b.Quantization.Centers);
        Assert.Equal(a.Quantization.Assignment, b.Quantization.Assignment);
        Assert.Equal(a.Objective, b.Objective);
    }
}
