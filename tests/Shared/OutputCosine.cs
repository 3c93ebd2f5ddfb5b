namespace Quantize.Tests.Shared;

/// <summary>
/// Fidelity of a model's outputs to the original's, as issue 14 measures it: cosine similarity per sample
/// (a slice along the batch axis, or the whole output where it has none), over every float output.
/// </summary>
static class OutputCosine
{
    /// <summary>Cosine of two vectors; two zero vectors agree (1), one zero vector against a non-zero one does not (0).</summary>
    public static double Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        if (na == 0 && nb == 0) return 1;
        if (na == 0 || nb == 0) return 0;
        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>Per-sample cosines of one output: <paramref name="samples"/> equal slices (1 = the whole tensor).</summary>
    public static double[] PerSample(float[] expected, float[] actual, int samples)
    {
        if (expected.Length != actual.Length) throw new ArgumentException($"outputs differ in size: {expected.Length} and {actual.Length}");
        if (samples < 1 || expected.Length % samples != 0) samples = 1;
        int size = expected.Length / samples;
        var cosines = new double[samples];
        for (int s = 0; s < samples; s++)
            cosines[s] = Of(expected.AsSpan(s * size, size), actual.AsSpan(s * size, size));
        return cosines;
    }
}
