using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Ecsq;
using Quantize.Core.Clustering.KMeans;
using Quantize.Core.Clustering.Optimal;
using Quantize.Core.Clustering.Uniform;

namespace Quantize.Core.Tests.Clustering;

/// <summary>Every quantizer, on the inputs that break naive code.</summary>
public class DegenerateInputTests
{
    public static TheoryData<string> Quantizers => new() { "kmeans", "kmeans++", "hkmeans", "hkmeans++", "dp", "dp-plain", "uniform", "uniform-rate", "ecsq" };

    static IQuantizer Make(string name, int k = 4) => name switch
    {
        "kmeans" => new KMeansQuantizer(k),
        "kmeans++" => new KMeansQuantizer(k, CenterInitialization.KMeansPlusPlus, seed: 1),
        "hkmeans" => new KMeansQuantizer(k, weighted: true),
        "hkmeans++" => new KMeansQuantizer(k, CenterInitialization.KMeansPlusPlus, seed: 1, weighted: true),
        "dp" => new OptimalWeightedQuantizer(k),
        "dp-plain" => new OptimalWeightedQuantizer(k, useWeights: false),
        "uniform" => new UniformQuantizer(k, weightedCenters: true),
        "uniform-rate" => new RateControlledUniformQuantizer(Math.Log2(k), weightedCenters: true),
        _ => new EcsqQuantizer(Math.Log2(k)),
    };

    [Theory]
    [MemberData(nameof(Quantizers))]
    public void AllValuesEqual_GiveOneExactCluster(string name)
    {
        float[] values = Enumerable.Repeat(0.25f, 50).ToArray();
        Quantization q = Make(name).Quantize(values, Enumerable.Repeat(2f, 50).ToArray());

        Assert.Equal(new[] { 0.25f }, q.Centers);
        Assert.Equal(new long[] { 50 }, q.Counts);
        Assert.Equal(0, q.Distortion(values, []));
    }

    [Theory]
    [MemberData(nameof(Quantizers))]
    public void SingleValue_IsItsOwnCluster(string name)
    {
        Quantization q = Make(name).Quantize([-3.5f], []);
        Assert.Equal(new[] { -3.5f }, q.Centers);
        Assert.Equal(new[] { 0 }, q.Assignment);
    }

    [Theory]
    [MemberData(nameof(Quantizers))]
    public void MoreClustersThanDistinctValues_NeverMakesEmptyClusters(string name)
    {
        float[] values = [1, 1, 2, 2, 2, 5, -0f, 0f, 1];
        Quantization q = Make(name, k: 16).Quantize(values, []);

        QuantizationAssert.WellFormed(q, values.Length);
        Assert.True(q.ClusterCount <= 4); // 0 (both signs), 1, 2, 5
        if (name.StartsWith("dp", StringComparison.Ordinal))
        {
            Assert.Equal(new[] { 0f, 1f, 2f, 5f }, q.Centers);
            Assert.Equal(0, q.Distortion(values, []));
        }
    }

    [Theory]
    [MemberData(nameof(Quantizers))]
    public void ZeroWeights_AreAccepted(string name)
    {
        var random = new Random(name.Length);
        float[] values = ClusteringTestData.Gaussian(random, 400);
        float[] weights = ClusteringTestData.Weights(random, values.Length);
        for (int i = 0; i < weights.Length; i += 3) weights[i] = 0;

        QuantizationAssert.WellFormed(Make(name).Quantize(values, weights), values.Length);
        QuantizationAssert.WellFormed(Make(name).Quantize(values, new float[values.Length]), values.Length);
    }

    [Theory]
    [MemberData(nameof(Quantizers))]
    public void OneCluster_IsTheMean(string name)
    {
        if (name == "ecsq" || name == "uniform-rate") return; // these take a rate, and no rate makes exactly one cluster
        float[] values = [1, 2, 4, 9];
        float[] weights = [1, 1, 1, 5];
        Quantization q = Make(name, k: 1).Quantize(values, weights);

        bool weighted = name.StartsWith("hkmeans", StringComparison.Ordinal) || name == "dp" || name == "uniform";
        Assert.Equal(new[] { weighted ? 52f / 8 : 4f }, q.Centers);
    }

    [Theory]
    [MemberData(nameof(Quantizers))]
    public void BadInput_IsRejectedWithAReason(string name)
    {
        IQuantizer quantizer = Make(name);
        Assert.Contains("nothing to quantize", Assert.Throws<QuantizationException>(() => quantizer.Quantize([], [])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => quantizer.Quantize([1, float.NaN], [])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => quantizer.Quantize([1, float.PositiveInfinity], [])).Message);
        Assert.Contains("one weight per value", Assert.Throws<ArgumentException>(() => quantizer.Quantize([1, 2], [1])).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => quantizer.Quantize([1, 2], [1, -1])).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => quantizer.Quantize([1, 2], [1, float.NaN])).Message);
    }

    [Theory]
    [MemberData(nameof(Quantizers))]
    public void SameInput_SameOutput(string name)
    {
        var random = new Random(99);
        float[] values = ClusteringTestData.Laplacian(random, 3000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);

        Quantization a = Make(name, 8).Quantize(values, weights), b = Make(name, 8).Quantize(values, weights);

        Assert.Equal(a.Centers, b.Centers);
        Assert.Equal(a.Assignment, b.Assignment);
    }

    [Theory]
    [MemberData(nameof(Quantizers))]
    public void HugeAndTinyMagnitudes_StayWellFormed(string name)
    {
        var random = new Random(5);
        float[] values = ClusteringTestData.Laplacian(random, 2000).Select((v, i) => i % 2 == 0 ? v * 1e-30f : v * 1e30f).ToArray();
        QuantizationAssert.WellFormed(Make(name, 8).Quantize(values, []), values.Length);
    }
}
