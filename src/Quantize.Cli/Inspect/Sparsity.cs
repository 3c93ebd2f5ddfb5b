namespace Quantize.Cli.Inspect;

/// <summary>The fraction of values that are exactly zero (pruned or quantized to the zero cluster).</summary>
static class Sparsity
{
    public static double Of(ReadOnlySpan<float> values)
    {
        if (values.Length == 0) return 0;
        long zeros = 0;
        foreach (float v in values)
            if (v == 0) zeros++;
        return (double)zeros / values.Length;
    }
}
