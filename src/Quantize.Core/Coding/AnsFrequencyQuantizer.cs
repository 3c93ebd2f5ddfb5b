namespace Quantize.Core.Coding;

/// <summary>
/// Integer frequencies f_s ≥ 1 (for used symbols) summing to M = 2^precision that minimise the
/// coded size Σ count_s·log2(M / f_s).
/// </summary>
/// <remarks>
/// The cost is a sum of convex functions of each f_s, so a table is optimal exactly when no single
/// move of one unit from a symbol t to a symbol s makes it cheaper (separable convex resource
/// allocation). Rounding count·M/N lands close to that optimum; the few moves left are found greedily
/// with two heaps: the symbol that gains most from one more unit, and the one that loses least from one
/// less.
/// </remarks>
internal static class AnsFrequencyQuantizer
{
    /// <summary>
    /// Requires counts ≥ 0 summing to <paramref name="total"/>, and at most 2^precision used symbols.
    /// All-zero counts give all-zero frequencies.
    /// </summary>
    public static int[] Quantize(ReadOnlySpan<long> counts, long total, int precision)
    {
        var frequencies = new int[counts.Length];
        if (total == 0)
        {
            return frequencies;
        }

        int slots = 1 << precision;
        double scale = (double)slots / total;
        long sum = 0;
        for (int s = 0; s < counts.Length; s++)
        {
            if (counts[s] > 0)
            {
                // The count times the scale is at most M, so the rounding fits an int.
                frequencies[s] = (int)Math.Max(1, Math.Round(counts[s] * scale));
                sum += frequencies[s];
            }
        }

        // Even when the rounded total is right, a few moves may still save bits.
        new AnsFrequencyBalancer(counts, frequencies).Run(slots - sum);
        return frequencies;
    }
}
