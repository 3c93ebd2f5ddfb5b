using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Ecsq;
using Quantize.Core.Clustering.KMeans;
using Quantize.Core.Clustering.Optimal;
using Quantize.Core.Clustering.Uniform;
using Xunit.Abstractions;

namespace Quantize.Core.Tests.Clustering;

/// <summary>
/// One value of 10^6 among 10^6 Gaussian weights (issue 14: a scalar 2^20 inside an If branch took every real weight
/// into one cluster). Each method must keep its distortion on the Gaussian part within a few percent of what it reaches
/// without the outlier. A method with k clusters spends one on the outlier, so k-means is held to its k − 1 result.
/// </summary>
public class OutlierTests(ITestOutputHelper output)
{
    const int Count = 1_000_000;
    static readonly float[] Gaussian = ClusteringTestData.Gaussian(new Random(14), Count);
    static readonly float[] WithOutlier = [.. Gaussian, 1e6f];

    /// <summary>Mean squared error over the Gaussian part only.</summary>
    static double GaussianDistortion(Quantization q)
    {
        double sum = 0;
        for (int i = 0; i < Count; i++)
        {
            double e = q.Centers[q.Assignment[i]] - Gaussian[i];
            sum += e * e;
        }
        return sum / Count;
    }

    void Compare(string method, IQuantizer clean, IQuantizer outlier, double tolerance)
    {
        double without = GaussianDistortion(clean.Quantize(Gaussian, []));
        Quantization q = outlier.Quantize(WithOutlier, []);
        double with = GaussianDistortion(q);
        output.WriteLine($"{method}: without outlier {without:E4}, with {with:E4} ({with / without:F4}x), {q.ClusterCount} clusters");
        Assert.Equal(1e6f, q.Centers[q.Assignment[Count]]); // the outlier keeps a cluster of its own
        Assert.InRange(with / without, 0, 1 + tolerance);
    }

    [Fact]
    public void ExactKMeans_SpendsOneClusterOnTheOutlier_AndKeepsTheRest()
    {
        Compare("dp k-means, k = 32 (clean: 31)", new OptimalWeightedQuantizer(31, useWeights: false), new OptimalWeightedQuantizer(32, useWeights: false), 0.03);
    }

    [Fact]
    public void LloydKMeansPlusPlus_SpendsOneClusterOnTheOutlier()
    {
        var init = CenterInitialization.KMeansPlusPlus;
        Compare("lloyd k-means++, k = 32 (clean: 31)", new KMeansQuantizer(31, init, seed: 1), new KMeansQuantizer(32, init, seed: 1), 0.05);
    }

    [Fact]
    public void RateControlledUniform_SetsItsStepByTheRate()
    {
        Compare("uniform, rate 4 bits", new RateControlledUniformQuantizer(4), new RateControlledUniformQuantizer(4), 0.03);
    }

    [Fact]
    public void UniformWithCellCount_PutsItsCellsWhereTheValuesAre()
    {
        Compare("uniform, 32 cells (clean: 31)", new UniformQuantizer(31), new UniformQuantizer(32), 0.05);
    }

    [Fact]
    public void FixedStep_GivesTheOutlierACellOfItsOwn()
    {
        Compare("uniform, step 0.1", new FixedStepQuantizer(0.1), new FixedStepQuantizer(0.1), 0.001);
    }

    [Fact]
    public void Ecsq_KeepsItsDistortion()
    {
        Compare("ecsq, rate 4 bits", new EcsqQuantizer(4), new EcsqQuantizer(4), 0.03);
    }
}
