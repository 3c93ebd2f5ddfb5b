using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Optimal;

namespace Quantize.Core.Tests.Clustering;

/// <summary>
/// The DP on equal-width bins is checked against the exact DP on the raw values: it is never better,
/// and worse by at most the bound stated on <see cref="OptimalWeightedQuantizer"/>,
/// min(Δ√(H·OPT) + HΔ²/2, 4Δ√(S·OPT) + 4Δ²S), with S the weight of the k − 1 heaviest bins.
/// </summary>
public class HistogramBoundTests
{
    public static TheoryData<int, int, int> Cases()
    {
        var data = new TheoryData<int, int, int>();
        int seed = 0;
        foreach (int bins in new[] { 16, 64, 256, 1024 })
        {
            foreach (int k in new[] { 2, 4, 8, 16, 32 }) data.Add(seed++, bins, k);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BinnedDp_IsWithinTheStatedBoundOfTheExactOptimum(int seed, int bins, int k)
    {
        var random = new Random(seed);
        float[] values = seed % 2 == 0 ? ClusteringTestData.Laplacian(random, 3000) : ClusteringTestData.Gaussian(random, 3000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);
        int n = values.Length;

        OptimalQuantizationResult exact = new OptimalWeightedQuantizer(k, maxPoints: 1 << 20).Solve(values, weights);
        OptimalQuantizationResult binned = new OptimalWeightedQuantizer(k, maxPoints: bins).Solve(values, weights);
        double opt = ReferenceClustering.Objective(values, weights, exact.Quantization.Assignment);
        double result = ReferenceClustering.Objective(values, weights, binned.Quantization.Assignment);

        Assert.Equal(0, exact.BinWidth);
        Assert.True(binned.BinWidth > 0);
        double delta = ((double)values.Max() - values.Min()) / bins;
        Assert.Equal(delta, binned.BinWidth, 1e-12);

        double total = weights.Sum(w => (double)w);
        double heaviest = BinWeights(values, weights, bins).OrderDescending().Take(k - 1).Sum();
        double wholeRange = delta * Math.Sqrt(total * opt) + total * delta * delta / 2;
        double splitBins = 4 * delta * Math.Sqrt(heaviest * opt) + 4 * delta * delta * heaviest;
        double slack = 1e-9 * opt;

        Assert.True(result >= opt - slack, $"binned {result} beat the optimum {opt}");
        Assert.True(result - opt <= wholeRange + slack, $"gap {result - opt} > {wholeRange}");
        Assert.True(result - opt <= splitBins + slack, $"gap {result - opt} > {splitBins}");
        Assert.True(result - opt <= binned.GapBound * n + slack, $"gap {result - opt} > reported {binned.GapBound * n}");
        Assert.Equal(result / n, binned.Objective, 1e-9);
    }

    [Fact]
    public void FinerBins_CloseTheGap()
    {
        var random = new Random(77);
        float[] values = ClusteringTestData.Laplacian(random, 20000);
        float[] weights = ClusteringTestData.Weights(random, values.Length);
        double exact = new OptimalWeightedQuantizer(16, maxPoints: 1 << 20).Solve(values, weights).Objective;

        double coarse = new OptimalWeightedQuantizer(16, maxPoints: 64).Solve(values, weights).Objective - exact;
        double fine = new OptimalWeightedQuantizer(16, maxPoints: 4096).Solve(values, weights).Objective - exact;

        Assert.True(fine < coarse, $"fine gap {fine} vs coarse gap {coarse}");
        Assert.True(fine <= 1e-3 * exact, $"relative gap {fine / exact} at 4096 bins");
    }

    static double[] BinWeights(float[] values, float[] weights, int bins)
    {
        double min = values.Min(), width = (values.Max() - min) / bins;
        var sums = new double[bins];
        for (int i = 0; i < values.Length; i++) sums[Math.Min(bins - 1, (int)((values[i] - min) / width))] += weights[i];
        return sums;
    }
}
