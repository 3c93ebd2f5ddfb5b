namespace Quantize.Core.Tests.Coding;

/// <summary>
/// Slow, obviously optimal frequency normalisation: start every used symbol at 1 and hand out the
/// remaining M − used units one at a time to the symbol whose cost Σ count·log2(M / f) drops most.
/// Greedy allocation is optimal for a separable concave objective (Gross 1956).
/// </summary>
internal static class AnsReferenceQuantizer
{
    public static int[] Quantize(long[] counts, int precision)
    {
        var frequencies = counts.Select(c => c > 0 ? 1 : 0).ToArray();
        int remaining = (1 << precision) - frequencies.Sum();
        for (; remaining > 0; remaining--)
        {
            int best = -1;
            double bestGain = double.NegativeInfinity;
            for (int s = 0; s < counts.Length; s++)
            {
                if (counts[s] == 0)
                {
                    continue;
                }

                double gain = counts[s] * Math.Log2((frequencies[s] + 1.0) / frequencies[s]);
                if (gain > bestGain)
                {
                    (best, bestGain) = (s, gain);
                }
            }

            frequencies[best]++;
        }

        return frequencies;
    }

    /// <summary>Σ count·log2(M / f): the objective both quantizers minimise.</summary>
    public static double Cost(long[] counts, int[] frequencies, int precision) =>
        counts.Select((c, s) => c == 0 ? 0 : c * (precision - Math.Log2(frequencies[s]))).Sum();
}
