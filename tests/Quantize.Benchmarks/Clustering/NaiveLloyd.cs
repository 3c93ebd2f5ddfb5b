namespace Quantize.Benchmarks.Clustering;

/// <summary>
/// Textbook Hessian-weighted Lloyd, the way it is usually written: every value checks every centre,
/// O(N·k) per iteration. The baseline the sorted-value solvers are measured against.
/// </summary>
public static class NaiveLloyd
{
    /// <returns>The cluster of each value and the centres, after at most <paramref name="iterations"/> iterations from a linear start.</returns>
    public static (int[] Labels, double[] Centers) Run(float[] values, float[] weights, int k, int iterations)
    {
        float min = values.Min(), max = values.Max();
        var centers = new double[k];
        for (int j = 0; j < k; j++) centers[j] = min + ((double)max - min) * j / (k - 1);
        var labels = new int[values.Length];
        var sums = new double[k];
        var totals = new double[k];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            bool changed = false;
            Array.Clear(sums);
            Array.Clear(totals);
            for (int i = 0; i < values.Length; i++)
            {
                double x = values[i];
                int best = 0;
                double bestDistance = Math.Abs(x - centers[0]);
                for (int j = 1; j < k; j++)
                {
                    double distance = Math.Abs(x - centers[j]);
                    if (distance < bestDistance)
                    {
                        bestDistance = distance;
                        best = j;
                    }
                }
                changed |= labels[i] != best;
                labels[i] = best;
                sums[best] += weights[i] * x;
                totals[best] += weights[i];
            }
            for (int j = 0; j < k; j++)
            {
                if (totals[j] > 0) centers[j] = sums[j] / totals[j]; // an empty cluster keeps its centre
            }
            if (!changed && iteration > 0) break;
        }
        return (labels, centers);
    }

    /// <summary>Σ h (w − c)² / N of a labelling with the given centres.</summary>
    public static double Objective(float[] values, float[] weights, int[] labels, double[] centers)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double d = values[i] - centers[labels[i]];
            sum += weights[i] * d * d;
        }
        return sum / values.Length;
    }
}
