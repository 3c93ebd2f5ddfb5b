using Quantize.Core.Clustering;
using Quantize.Core.Clustering.KMeans;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Tests.Clustering;

public class KMeansQuantizerTests
{
    public static TheoryData<int, int, bool> LloydCases => new()
    {
        { 1, 1, false }, { 2, 2, false }, { 3, 5, true }, { 4, 8, false }, { 5, 16, true }, { 6, 32, true }, { 7, 64, false },
    };

    [Theory]
    [MemberData(nameof(LloydCases))]
    public void FastLloyd_MatchesTextbookLloyd_FromTheSameLinearStart(int seed, int k, bool weighted)
    {
        var random = new Random(seed);
        float[] values = ClusteringTestData.Laplacian(random, 3000);
        float[]? weights = weighted ? ClusteringTestData.Weights(random, values.Length) : null;

        (Quantization fast, LloydOutcome outcome) = LloydQuantization.Run(values, weights, k, CenterInitialization.Linear, 0, 300);
        double[] start = KMeansSeeding.Linear(values.Min(), values.Max(), k);
        (int[] labels, float[] centers, int iterations) = ReferenceClustering.NaiveLloyd(values, weights, start, 300);

        Assert.Equal(labels, fast.Assignment);
        Assert.Equal(centers, fast.Centers);
        Assert.Equal(iterations, outcome.Iterations);
        Assert.True(outcome.Converged);
    }

    [Theory]
    [InlineData(11, 8)]
    [InlineData(12, 30)]
    public void FastLloyd_MatchesTextbookLloyd_FromTheSameKMeansPlusPlusStart(int seed, int k)
    {
        var random = new Random(seed);
        float[] values = ClusteringTestData.Gaussian(random, 2000);
        SortedPoints points = SortedPoints.Create(SortedSample.Create(values, []), weighted: false);
        double[] start = KMeansSeeding.PlusPlus(points, k, seed);

        LloydOutcome outcome = SortedLloyd.Run(points, start, 300);
        Quantization fast = QuantizationBuilder.Build(values, [], IntervalAssignment.Labels(values, outcome.UpperBounds), outcome.UpperBounds.Length);
        (int[] labels, float[] centers, int iterations) = ReferenceClustering.NaiveLloyd(values, null, start, 300);

        Assert.Equal(labels, fast.Assignment);
        Assert.Equal(centers, fast.Centers);
        Assert.Equal(iterations, outcome.Iterations);
    }

    [Fact]
    public void IterationLimit_StopsEarly_LikeTextbookLloyd()
    {
        float[] values = ClusteringTestData.Laplacian(new Random(21), 4000);
        (Quantization fast, LloydOutcome outcome) = LloydQuantization.Run(values, [], 64, CenterInitialization.Linear, 0, 3);
        (int[] labels, float[] centers, _) = ReferenceClustering.NaiveLloyd(values, null, KMeansSeeding.Linear(values.Min(), values.Max(), 64), 3);

        Assert.Equal(3, outcome.Iterations);
        Assert.False(outcome.Converged);
        Assert.Equal(labels, fast.Assignment);
        Assert.Equal(centers, fast.Centers);
    }

    [Fact]
    public void IgnoresWeights()
    {
        var random = new Random(3);
        float[] values = ClusteringTestData.Gaussian(random, 1000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);
        var quantizer = new KMeansQuantizer(8);

        Quantization weighted = quantizer.Quantize(values, weights);
        Quantization plain = quantizer.Quantize(values, []);

        Assert.Equal(plain.Assignment, weighted.Assignment);
        Assert.Equal(plain.Centers, weighted.Centers);
        QuantizationAssert.CentersAreMeans(plain, values, null);
    }

    [Fact]
    public void KMeansPlusPlus_IsDeterministicForASeed_AndDependsOnIt()
    {
        float[] values = ClusteringTestData.Laplacian(new Random(5), 5000);
        var first = new KMeansQuantizer(16, CenterInitialization.KMeansPlusPlus, seed: 42).Quantize(values, []);
        var again = new KMeansQuantizer(16, CenterInitialization.KMeansPlusPlus, seed: 42).Quantize(values, []);
        Assert.Equal(first.Centers, again.Centers);
        Assert.Equal(first.Assignment, again.Assignment);

        SortedPoints points = SortedPoints.Create(SortedSample.Create(values, []), weighted: false);
        Assert.Equal(KMeansSeeding.PlusPlus(points, 16, 42), KMeansSeeding.PlusPlus(points, 16, 42));
        Assert.NotEqual(KMeansSeeding.PlusPlus(points, 16, 42), KMeansSeeding.PlusPlus(points, 16, 43));
    }

    [Fact]
    public void KMeansPlusPlus_PicksDistinctDataValues_InIncreasingOrder()
    {
        float[] values = [3, 3, 3, 1, 1, 7, 7, 7, 7, 9];
        SortedPoints points = SortedPoints.Create(SortedSample.Create(values, []), weighted: false);
        double[] centers = KMeansSeeding.PlusPlus(points, 10, 1);

        Assert.Equal(new double[] { 1, 3, 7, 9 }, centers); // only four distinct values to pick
    }

    [Fact]
    public void KMeansPlusPlus_DrawsInProportionToSquaredDistance()
    {
        // Values 0, 1, 2: the first draw is uniform; the second favours the far end 4:1. So the pair
        // {0, 2} comes out with probability 2 · 1/3 · 4/5 = 8/15, against 1/3 for draws that ignore distance.
        SortedPoints points = SortedPoints.Create(SortedSample.Create([0, 1, 2], []), weighted: false);
        const int trials = 3000;
        int ends = 0;
        for (int seed = 0; seed < trials; seed++)
        {
            if (KMeansSeeding.PlusPlus(points, 2, seed).SequenceEqual([0.0, 2.0])) ends++;
        }
        Assert.InRange(ends / (double)trials, 8.0 / 15 - 0.045, 8.0 / 15 + 0.045); // ±5 standard deviations
    }

    [Fact]
    public void LinearStart_IsEvenlySpacedFromMinToMax()
    {
        Assert.Equal(new double[] { -1, 0, 1, 2, 3 }, KMeansSeeding.Linear(-1, 3, 5));
        Assert.Equal(new double[] { 1 }, KMeansSeeding.Linear(-1, 3, 1));
        Assert.Equal(new double[] { 2 }, KMeansSeeding.Linear(2, 2, 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void RejectsNoClusters(int k)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KMeansQuantizer(k));
    }
}
