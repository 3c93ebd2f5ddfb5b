using System.Runtime.CompilerServices;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.KMeans;

/// <summary>
/// Lloyd's algorithm in one dimension on sorted distinct values. With sorted centres every cluster is a
/// run of consecutive values, so the assignment step is k − 1 binary searches for the run boundaries and
/// the update step reads each run's weighted mean from prefix sums: O(k log M) per iteration instead of
/// O(N·k). The result is the same as textbook Lloyd (nearest centre, ties to the lower one; clusters that
/// empty out are dropped; stop when no assignment changes) up to rounding in the means.
/// </summary>
static class SortedLloyd
{
    /// <param name="initialCenters">Strictly increasing starting centres.</param>
    public static LloydOutcome Run(SortedPoints points, double[] initialCenters, int maxIterations)
    {
        float[] values = points.Values;
        double[] centers = initialCenters;
        int[]? runs = null;
        int iteration = 0;
        bool converged = false;
        while (iteration < maxIterations)
        {
            iteration++;
            int[] assigned = AssignRuns(values, centers);
            if (runs != null && runs.AsSpan().SequenceEqual(assigned))
            {
                converged = true;
                break;
            }
            runs = assigned;
            centers = new double[runs.Length - 1];
            for (int j = 0; j < centers.Length; j++) centers[j] = points.Mean(runs[j], runs[j + 1]);
        }

        runs ??= AssignRuns(values, centers);
        var upperBounds = new float[runs.Length - 1];
        for (int j = 0; j < upperBounds.Length; j++) upperBounds[j] = values[runs[j + 1] - 1];
        return new LloydOutcome(upperBounds, centers, iteration, converged);
    }

    /// <summary>Start index of each non-empty cluster, then the point count: nearest centre, ties to the lower centre.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int[] AssignRuns(float[] values, double[] centers)
    {
        var starts = new List<int>(centers.Length + 1) { 0 };
        int start = 0;
        for (int j = 1; j < centers.Length; j++)
        {
            int next = FirstNearerToRight(values, start, centers[j - 1], centers[j]);
            if (next > start) starts.Add(next); // otherwise cluster j − 1 is empty and disappears
            start = next;
        }
        if (start == values.Length) starts.RemoveAt(starts.Count - 1); // the last cluster is empty
        starts.Add(values.Length);
        return starts.ToArray();
    }

    /// <summary>
    /// First index from <paramref name="from"/> whose value is strictly nearer <paramref name="right"/> than
    /// <paramref name="left"/>. The test compares the two rounded distances exactly as a brute-force
    /// argmin over |x − c| would, so the fast and the textbook assignments agree even at rounding ties.
    /// </summary>
    static int FirstNearerToRight(float[] values, int from, double left, double right)
    {
        int lo = from, hi = values.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            double x = values[mid];
            if (x - left > right - x) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
