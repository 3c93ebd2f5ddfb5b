using System.Runtime.CompilerServices;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.KMeans;

/// <summary>Starting centres for Lloyd's algorithm, always strictly increasing.</summary>
static class KMeansSeeding
{
    const int BlockSize = 1024;

    public static double[] For(SortedPoints points, int clusterCount, CenterInitialization initialization, int seed) =>
        initialization == CenterInitialization.Linear
            ? Linear(points.Min, points.Max, clusterCount)
            : PlusPlus(points, clusterCount, seed);

    /// <summary>k evenly spaced centres from min to max; one centre when k = 1 or all values are equal.</summary>
    public static double[] Linear(float min, float max, int clusterCount)
    {
        if (min == max) return [min];
        if (clusterCount == 1) return [((double)min + max) / 2];
        var centers = new double[clusterCount];
        double range = (double)max - min;
        for (int j = 0; j < clusterCount; j++) centers[j] = min + range * j / (clusterCount - 1);
        centers[^1] = max;
        return centers;
    }

    /// <summary>
    /// k-means++ over the distinct values, each drawn with probability proportional to its weight times
    /// its squared distance to the nearest centre chosen so far (the first in proportion to weight).
    /// Block sums of those products make each draw O(M / B + B), and a new centre only updates the
    /// values between its chosen neighbours, so seeding stays far below O(k·M) in practice.
    /// Stops early when every remaining value coincides with a centre.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] PlusPlus(SortedPoints points, int clusterCount, int seed)
    {
        float[] values = points.Values;
        int count = values.Length;
        var mass = new double[count];
        double totalMass = 0;
        for (int m = 0; m < count; m++) totalMass += mass[m] = points.Weight(m, m + 1);
        if (!(totalMass > 0))
        {
            for (int m = 0; m < count; m++) mass[m] = points.Multiplicity(m, m + 1);
        }

        var random = new Random(seed);
        var distance = new double[count];
        Array.Fill(distance, 1.0); // before any centre, draw in proportion to mass alone
        var blocks = new double[(count + BlockSize - 1) / BlockSize];
        RefreshBlocks(0, count - 1);
        var chosen = new List<int>(clusterCount); // indices of chosen values, kept sorted

        while (chosen.Count < clusterCount)
        {
            int pick = Draw(random.NextDouble());
            if (pick < 0) break;
            int slot = ~chosen.BinarySearch(pick);
            int left = slot > 0 ? chosen[slot - 1] + 1 : 0;
            int right = slot < chosen.Count ? chosen[slot] - 1 : count - 1;
            chosen.Insert(slot, pick);
            double center = values[pick];
            for (int m = left; m <= right; m++)
            {
                double d = values[m] - center;
                if (chosen.Count == 1 || d * d < distance[m]) distance[m] = d * d;
            }
            RefreshBlocks(left, right);
        }

        var centers = new double[chosen.Count];
        for (int j = 0; j < centers.Length; j++) centers[j] = values[chosen[j]];
        return centers;

        void RefreshBlocks(int from, int to)
        {
            for (int b = from / BlockSize; b <= to / BlockSize; b++)
            {
                double sum = 0;
                int end = Math.Min(count, (b + 1) * BlockSize);
                for (int m = b * BlockSize; m < end; m++) sum += mass[m] * distance[m];
                blocks[b] = sum;
            }
        }

        // The value whose cumulative share first exceeds u·total; −1 when nothing has positive share.
        int Draw(double u)
        {
            double total = 0;
            foreach (double block in blocks) total += block;
            if (!(total > 0)) return -1;
            double target = u * total;
            for (int b = 0; b < blocks.Length; b++)
            {
                if (!(blocks[b] > 0)) continue;
                int end = Math.Min(count, (b + 1) * BlockSize);
                if (target >= blocks[b] && b < blocks.Length - 1)
                {
                    target -= blocks[b];
                    continue;
                }
                for (int m = b * BlockSize; m < end; m++)
                {
                    double share = mass[m] * distance[m];
                    if (!(share > 0)) continue;
                    if (target < share) return m;
                    target -= share;
                }
            }
            // Rounding left a sliver of the target unspent: take the last value with positive share.
            return LastPositive();
        }

        int LastPositive()
        {
            for (int m = count - 1; m >= 0; m--)
            {
                if (mass[m] * distance[m] > 0) return m;
            }
            return -1;
        }
    }
}
