using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.KMeans;
using Quantize.Core.Clustering.Optimal;

namespace Quantize.Benchmarks.Clustering;

/// <summary>
/// Hessian-weighted k-means, k = 256, on 10^7 Laplacian values with random positive weights: the exact
/// DP and Lloyd on sorted values against textbook O(N·k) Lloyd. Each invocation takes seconds, so the job
/// measures single invocations (monitoring strategy), one warm-up and three timed runs: a few minutes in all.
/// `--objectives` prints what each case reaches (DP's objective is the global optimum up to its bound).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class Clustering_TenMillion
{
    /// <summary>Iterations of the fixed-length Lloyd cases: enough to cost what Lloyd costs, few enough for the naive baseline to finish.</summary>
    public const int FixedIterations = 10;

    float[] _values = [];
    float[] _weights = [];

    [GlobalSetup]
    public void Setup() => (_values, _weights) = ClusteringData.Create();

    [Benchmark(Baseline = true, Description = "Naive Lloyd, 10 iterations (O(N·k) each)")]
    public int NaiveLloyd_TenIterations() => NaiveLloyd.Run(_values, _weights, ClusteringData.Clusters, FixedIterations).Labels[0];

    [Benchmark(Description = "Sorted Lloyd, 10 iterations")]
    public int SortedLloyd_TenIterations() =>
        new KMeansQuantizer(ClusteringData.Clusters, maxIterations: FixedIterations, weighted: true).Quantize(_values, _weights).ClusterCount;

    [Benchmark(Description = "Sorted Lloyd, to convergence (≤ 300)")]
    public int SortedLloyd_Converged() => new KMeansQuantizer(ClusteringData.Clusters, weighted: true).Quantize(_values, _weights).ClusterCount;

    [Benchmark(Description = "Exact DP, 2^16-point histogram")]
    public int OptimalDp() => new OptimalWeightedQuantizer(ClusteringData.Clusters).Quantize(_values, _weights).ClusterCount;
}
