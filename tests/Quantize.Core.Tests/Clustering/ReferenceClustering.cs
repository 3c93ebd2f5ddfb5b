namespace Quantize.Core.Tests.Clustering;

/// <summary>Slow, obviously correct clustering to check the fast code against.</summary>
internal static class ReferenceClustering
{
    /// <summary>Σ h (x − c)² over all values with each centre the exact (weighted) mean of its cluster, in double.</summary>
    public static double Objective(float[] values, float[]? weights, int[] labels)
    {
        int k = labels.Max() + 1;
        var w = new double[k];
        var wx = new double[k];
        var n = new double[k];
        var sx = new double[k];
        for (int i = 0; i < values.Length; i++)
        {
            double h = weights?[i] ?? 1.0;
            w[labels[i]] += h;
            wx[labels[i]] += h * values[i];
            n[labels[i]]++;
            sx[labels[i]] += values[i];
        }
        double total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            int j = labels[i];
            double center = w[j] > 0 ? wx[j] / w[j] : sx[j] / n[j];
            double d = values[i] - center;
            total += (weights?[i] ?? 1.0) * d * d;
        }
        return total;
    }

    /// <summary>The least objective over every labelling of the values with at most k labels (k^N of them).</summary>
    public static double BruteForceLabellings(float[] values, float[]? weights, int k)
    {
        var labels = new int[values.Length];
        double best = double.PositiveInfinity;
        while (true)
        {
            best = Math.Min(best, Objective(values, weights, labels));
            int position = 0;
            while (position < labels.Length && ++labels[position] == k) labels[position++] = 0;
            if (position == labels.Length) return best;
        }
    }

    /// <summary>The least objective over every split of the sorted values into exactly min(k, N) runs.</summary>
    public static double BruteForceRuns(float[] values, float[]? weights, int k)
    {
        int[] order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        float[] sorted = order.Select(i => values[i]).ToArray();
        float[]? sortedWeights = weights == null ? null : order.Select(i => weights[i]).ToArray();
        int runs = Math.Min(k, values.Length);
        double best = double.PositiveInfinity;
        var cuts = new int[runs - 1];
        Recurse(0, 1);
        return best;

        void Recurse(int index, int from)
        {
            if (index == cuts.Length)
            {
                var labels = new int[sorted.Length];
                for (int i = 0, run = 0; i < sorted.Length; i++)
                {
                    while (run < cuts.Length && i >= cuts[run]) run++;
                    labels[i] = run;
                }
                best = Math.Min(best, Objective(sorted, sortedWeights, labels));
                return;
            }
            for (int cut = from; cut <= sorted.Length - (cuts.Length - index); cut++)
            {
                cuts[index] = cut;
                Recurse(index + 1, cut + 1);
            }
        }
    }

    /// <summary>
    /// Textbook Lloyd, O(N·k) per iteration: nearest centre by |x − c| (ties to the lower index), empty
    /// clusters dropped, centres the (weighted) means summed in input order, stop when no label changes.
    /// </summary>
    public static (int[] Labels, float[] Centers, int Iterations) NaiveLloyd(float[] values, float[]? weights, double[] start, int maxIterations)
    {
        double[] centers = start;
        int[]? previous = null;
        int[] labels = [];
        int iteration = 0;
        while (iteration < maxIterations)
        {
            iteration++;
            labels = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                int best = 0;
                for (int j = 1; j < centers.Length; j++)
                {
                    if (Math.Abs(values[i] - centers[j]) < Math.Abs(values[i] - centers[best])) best = j;
                }
                labels[i] = best;
            }
            int[] used = labels.Distinct().Order().ToArray();
            for (int i = 0; i < labels.Length; i++) labels[i] = Array.IndexOf(used, labels[i]);
            if (previous != null && previous.SequenceEqual(labels)) break;
            previous = labels;
            centers = Means(values, weights, labels, used.Length);
        }
        return (labels, Means(values, weights, labels, labels.Max() + 1).Select(c => (float)c).ToArray(), iteration);
    }

    static double[] Means(float[] values, float[]? weights, int[] labels, int k)
    {
        var sums = new double[k];
        var totals = new double[k];
        var plainSums = new double[k];
        var counts = new long[k];
        for (int i = 0; i < values.Length; i++)
        {
            counts[labels[i]]++;
            plainSums[labels[i]] += values[i];
            if (weights != null)
            {
                totals[labels[i]] += weights[i];
                sums[labels[i]] += (double)weights[i] * values[i];
            }
        }
        var means = new double[k];
        for (int j = 0; j < k; j++) means[j] = totals[j] > 0 ? sums[j] / totals[j] : plainSums[j] / counts[j];
        return means;
    }
}
