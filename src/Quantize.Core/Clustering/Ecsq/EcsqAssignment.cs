using System.Runtime.CompilerServices;

namespace Quantize.Core.Clustering.Ecsq;

/// <summary>
/// The ECSQ assignment step: each point goes to argmin_j h·(x − c_j)² + λ·ℓ_j, with ℓ_j = −log2 p_j
/// (ties to the lower cluster). Centres are sorted, so the search starts at the nearest centre and walks
/// outwards only while a centre is close enough to beat the best cost so far: since every ℓ_j is at
/// least ℓ_min, centre j can win only if h·(x − c_j)² &lt; best − λ·ℓ_min. That keeps the step near
/// O(N log k) instead of O(N·k).
/// </summary>
static class EcsqAssignment
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Assign(EcsqPoints points, EcsqCodebook codebook, double lambda, int[] labels)
    {
        double[] centers = codebook.Centers;
        double[] lengths = codebook.CodeLengths;
        for (int i = 0; i < points.Count; i++)
        {
            double x = points.Values[i];
            double h = points.WeightOf(i);
            int nearest = Nearest(centers, x);
            if (!(h > 0))
            {
                // Distortion cannot tell clusters apart for a weightless point; only the rate term can.
                labels[i] = lambda > 0 ? codebook.MostProbable : nearest;
                continue;
            }

            int bestIndex = nearest;
            double best = h * (x - centers[nearest]) * (x - centers[nearest]) + lambda * lengths[nearest];
            double reach = (best - lambda * codebook.MinCodeLength) / h;
            for (int j = nearest - 1; j >= 0; j--)
            {
                double d = x - centers[j];
                if (d * d > reach) break;
                double cost = h * d * d + lambda * lengths[j];
                if (cost <= best) // ≤: walking down, an equal cost belongs to the lower cluster
                {
                    best = cost;
                    bestIndex = j;
                    reach = (best - lambda * codebook.MinCodeLength) / h;
                }
            }
            for (int j = nearest + 1; j < centers.Length; j++)
            {
                double d = centers[j] - x;
                if (d * d > reach) break;
                double cost = h * d * d + lambda * lengths[j];
                if (cost < best)
                {
                    best = cost;
                    bestIndex = j;
                    reach = (best - lambda * codebook.MinCodeLength) / h;
                }
            }
            labels[i] = bestIndex;
        }
    }

    /// <summary>Index of the centre nearest <paramref name="x"/>, the lower one on a tie.</summary>
    static int Nearest(double[] centers, double x)
    {
        int lo = 0, hi = centers.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (centers[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        if (lo == centers.Length) return lo - 1;
        if (lo == 0) return 0;
        return x - centers[lo - 1] <= centers[lo] - x ? lo - 1 : lo;
    }
}
