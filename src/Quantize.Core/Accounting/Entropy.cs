namespace Quantize.Core.Accounting;

/// <summary>Shannon entropy of empirical distributions.</summary>
public static class Entropy
{
    /// <summary>
    /// Entropy in bits per symbol of the distribution p_j = counts[j] / sum(counts): the average
    /// codeword length an ideal entropy coder approaches. Zero counts are ignored; no symbols or a
    /// single used symbol give 0.
    /// </summary>
    /// <exception cref="ArgumentException">A count is negative.</exception>
    public static double Bits(ReadOnlySpan<long> counts)
    {
        double total = 0;
        foreach (long count in counts)
        {
            if (count < 0)
            {
                throw new ArgumentException($"Counts must not be negative (got {count}).", nameof(counts));
            }

            total += count;
        }

        if (total == 0)
        {
            return 0;
        }

        double bits = 0;
        foreach (long count in counts)
        {
            if (count > 0)
            {
                double p = count / total;
                bits -= p * Math.Log2(p);
            }
        }

        // A single symbol gives -1 * log2(1) = -0.0; report a plain 0.
        return Math.Max(bits, 0);
    }
}
