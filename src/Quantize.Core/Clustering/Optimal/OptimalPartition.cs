using System.Runtime.CompilerServices;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.Optimal;

/// <summary>
/// The exact minimum-cost split of M sorted points into k consecutive runs, by dynamic programming:
/// D_j(m) = min_{s &lt; m} D_{j−1}(s) + cost(s, m), the cheapest way to cover the first m points with j runs.
/// The within-run weighted squared error satisfies the quadrangle inequality, so the leftmost optimal
/// split s*(m) never decreases in m; divide and conquer over m (solve the middle row, then each half
/// with the split range cut at its split) makes a layer O(M log M) instead of O(M²). SMAWK would be
/// O(M) but measured slower here at M = 2^16: its bookkeeping costs more than the evaluations it saves.
/// </summary>
static class OptimalPartition
{
    /// <summary>Halves wider than this are solved in parallel; every entry is computed the same way either way, so results do not depend on scheduling.</summary>
    const int ParallelWidth = 1 << 12;

    /// <param name="clusterCount">1 ≤ k ≤ M.</param>
    /// <returns>Start index of each run, then M; the total cost through <paramref name="cost"/>.</returns>
    public static int[] Solve(PointHistogram points, int clusterCount, out double cost)
    {
        int count = points.Count;
        var previous = new double[count + 1];
        var current = new double[count + 1];
        for (int m = 1; m <= count - clusterCount + 1; m++) previous[m] = points.Cost(0, m);

        var splits = new int[clusterCount][];
        for (int layer = 1; layer < clusterCount; layer++)
        {
            // Layer j (j + 1 runs) covers m ≥ j + 1 points and leaves one for each later run; the last
            // layer is needed only at m = M.
            int mLo = layer == clusterCount - 1 ? count : layer + 1;
            int mHi = count - (clusterCount - 1 - layer);
            var split = splits[layer] = new int[count + 1];
            new Layer(points, previous, current, split).Fill(mLo, mHi, layer, mHi - 1);
            (previous, current) = (current, previous);
        }

        cost = previous[count];
        var starts = new int[clusterCount + 1];
        starts[clusterCount] = count;
        for (int layer = clusterCount - 1; layer >= 1; layer--) starts[layer] = splits[layer][starts[layer + 1]];
        return starts;
    }

    /// <summary>One DP layer: reads the previous layer's costs, writes this layer's costs and leftmost best splits.</summary>
    readonly struct Layer(PointHistogram points, double[] previous, double[] current, int[] split)
    {
        /// <summary>Rows m in [mLo, mHi], whose best splits are known to lie in [sLo, sHi].</summary>
        // Hot loops here and elsewhere in clustering skip tiered compilation: a command-line run quantizes
        // once, so the unoptimised first tier would otherwise run the whole job (measured 3× slower cold).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Fill(int mLo, int mHi, int sLo, int sHi)
        {
            if (mLo > mHi) return;
            int mid = (mLo + mHi) >>> 1;
            double best = double.PositiveInfinity;
            int bestSplit = sLo;
            int last = Math.Min(mid - 1, sHi);
            ReadOnlySpan<PointSums> prefix = points.Prefix;
            ref readonly PointSums end = ref prefix[mid];
            for (int s = sLo; s <= last; s++)
            {
                double value = previous[s] + PointHistogram.Cost(in prefix[s], in end);
                if (value < best)
                {
                    best = value;
                    bestSplit = s;
                }
            }
            current[mid] = best;
            split[mid] = bestSplit;

            if (mHi - mLo >= ParallelWidth)
            {
                FillInParallel(this, mLo, mid, mHi, sLo, bestSplit, sHi);
            }
            else
            {
                Fill(mLo, mid - 1, sLo, bestSplit);
                Fill(mid + 1, mHi, bestSplit, sHi);
            }
        }

        // Kept out of Fill: a lambda there would make every call, parallel or not, allocate its closure.
        static void FillInParallel(Layer layer, int mLo, int mid, int mHi, int sLo, int split, int sHi) =>
            Parallel.Invoke(() => layer.Fill(mLo, mid - 1, sLo, split), () => layer.Fill(mid + 1, mHi, split, sHi));
    }
}
