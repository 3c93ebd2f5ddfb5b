using System.Runtime.CompilerServices;

using Quantize.Core.Accounting;

namespace Quantize.Core.Clustering.Ecsq;

/// <summary>
/// The ECSQ update step: for a labelling, each cluster's centre becomes the weighted mean of its points
/// and its probability its share of the N parameters; empty clusters disappear. Also returns the
/// Lagrangian J_λ = D + λ·H of the labelling, D = Σ h (w − c)² / N.
/// </summary>
static class EcsqUpdate
{
    /// <param name="references">
    /// A value near each label's mean (its previous centre), or null to compute the means first. Squared
    /// errors are summed about it, so D is not lost to cancellation in Σh·x² − (Σh·x)²/Σh.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (EcsqCodebook Codebook, double Distortion, double Entropy) Run(EcsqPoints points, int[] labels, int labelCount, double[]? references)
    {
        references ??= Means(points, labels, labelCount);
        var sizes = new double[labelCount];
        var weights = new double[labelCount];
        var shifts = new double[labelCount];
        var squares = new double[labelCount];
        var sums = new double[labelCount];
        for (int i = 0; i < points.Count; i++)
        {
            int label = labels[i];
            double h = points.WeightOf(i);
            double d = points.Values[i] - references[label];
            sizes[label]++;
            sums[label] += points.Values[i];
            weights[label] += h;
            shifts[label] += h * d;
            squares[label] += h * d * d;
        }

        var clusters = new List<(double Center, double Size)>();
        double error = 0;
        for (int label = 0; label < labelCount; label++)
        {
            if (sizes[label] == 0) continue;
            if (weights[label] > 0)
            {
                clusters.Add((references[label] + shifts[label] / weights[label], sizes[label]));
                error += Math.Max(0, squares[label] - shifts[label] * shifts[label] / weights[label]);
            }
            else
            {
                clusters.Add((sums[label] / sizes[label], sizes[label]));
            }
        }

        var counts = new long[clusters.Count];
        for (int j = 0; j < counts.Length; j++) counts[j] = (long)clusters[j].Size;
        double entropy = Entropy.Bits(counts);

        // Clusters at the same place are one cluster: merging them keeps D and lowers H.
        clusters.Sort((a, b) => a.Center.CompareTo(b.Center));
        var centers = new List<double>(clusters.Count);
        var merged = new List<double>(clusters.Count);
        foreach ((double center, double size) in clusters)
        {
            if (centers.Count > 0 && centers[^1] == center) merged[^1] += size;
            else
            {
                centers.Add(center);
                merged.Add(size);
            }
        }
        return (new EcsqCodebook(centers.ToArray(), merged.ToArray(), points.Count), error / points.Count, entropy);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static double[] Means(EcsqPoints points, int[] labels, int labelCount)
    {
        var weights = new double[labelCount];
        var weightedSums = new double[labelCount];
        var sizes = new double[labelCount];
        var sums = new double[labelCount];
        for (int i = 0; i < points.Count; i++)
        {
            int label = labels[i];
            double h = points.WeightOf(i);
            weights[label] += h;
            weightedSums[label] += h * points.Values[i];
            sizes[label]++;
            sums[label] += points.Values[i];
        }
        var means = new double[labelCount];
        for (int label = 0; label < labelCount; label++)
        {
            means[label] = weights[label] > 0 ? weightedSums[label] / weights[label] : sizes[label] > 0 ? sums[label] / sizes[label] : 0;
        }
        return means;
    }
}
