using System.Diagnostics;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.KMeans;
using Quantize.Core.Clustering.Optimal;

namespace Quantize.Benchmarks.Clustering;

/// <summary>The `--objectives` mode: one run of each clustering case, with the objective Σ h (w − c)² / N it reaches.</summary>
public static class ClusteringObjectives
{
    public static void Print(TextWriter output)
    {
        (float[] values, float[] weights) = ClusteringData.Create();
        output.WriteLine($"Hessian-weighted k-means, k = {ClusteringData.Clusters}, N = {values.Length:N0} Laplacian values (seed {ClusteringData.Seed}), one run each");
        output.WriteLine($"{"case",-42} {"objective",14} {"clusters",9} {"seconds",8}");

        var clock = Stopwatch.StartNew();
        (int[] labels, double[] centers) = NaiveLloyd.Run(values, weights, ClusteringData.Clusters, Clustering_TenMillion.FixedIterations);
        Row(output, "naive Lloyd, 10 iterations", NaiveLloyd.Objective(values, weights, labels, centers), labels.Distinct().Count(), clock);

        clock.Restart();
        Quantization lloyd10 = new KMeansQuantizer(ClusteringData.Clusters, maxIterations: Clustering_TenMillion.FixedIterations, weighted: true).Quantize(values, weights);
        Row(output, "sorted Lloyd, 10 iterations", lloyd10.Distortion(values, weights), lloyd10.ClusterCount, clock);

        clock.Restart();
        Quantization lloyd = new KMeansQuantizer(ClusteringData.Clusters, weighted: true).Quantize(values, weights);
        Row(output, "sorted Lloyd, to convergence (≤ 300)", lloyd.Distortion(values, weights), lloyd.ClusterCount, clock);

        clock.Restart();
        Quantization plusPlus = new KMeansQuantizer(ClusteringData.Clusters, CenterInitialization.KMeansPlusPlus, seed: 1, weighted: true).Quantize(values, weights);
        Row(output, "sorted Lloyd, k-means++ start (≤ 300)", plusPlus.Distortion(values, weights), plusPlus.ClusterCount, clock);

        foreach (int bits in new[] { 14, 16, 18 })
        {
            clock.Restart();
            OptimalQuantizationResult dp = new OptimalWeightedQuantizer(ClusteringData.Clusters, maxPoints: 1 << bits).Solve(values, weights);
            Row(output, $"exact DP, 2^{bits}-bin histogram", dp.Quantization.Distortion(values, weights), dp.Quantization.ClusterCount, clock);
            output.WriteLine($"    {dp.Points:N0} non-empty bins of width {dp.BinWidth:G4}; objective {dp.Objective:G7} is within {dp.GapBound:G4} ({dp.GapBound / dp.Objective:P2}) of the global optimum");
        }
    }

    static void Row(TextWriter output, string name, double objective, int clusters, Stopwatch clock) =>
        output.WriteLine($"{name,-42} {objective,14:G7} {clusters,9} {clock.Elapsed.TotalSeconds,8:F2}");
}
