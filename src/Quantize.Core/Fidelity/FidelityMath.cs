namespace Quantize.Core.Fidelity;

/// <summary>
/// The per-sample and per-split formulas behind <see cref="FidelityMeasures"/>, kept apart so that the streaming
/// accumulator and the tests use the very same definitions, including the edge cases a formula alone leaves open.
/// </summary>
public static class FidelityMath
{
    /// <summary>
    /// cos(y, y₀) = y·y₀ / (‖y‖‖y₀‖) from the dot product and the squared norms. Two zero vectors are the same
    /// output, so 1; one zero vector against a non-zero one shares no direction with it, so 0. Clamped to [−1, 1]
    /// against rounding; NaN stays NaN so a broken output cannot pass a gate.
    /// </summary>
    public static double Cosine(double dot, double squaredNorm, double referenceSquaredNorm)
    {
        if (squaredNorm == 0 && referenceSquaredNorm == 0) return 1;
        if (squaredNorm == 0 || referenceSquaredNorm == 0) return 0;
        // sqrt(a·b) rather than sqrt(a)·sqrt(b): with a = b = dot (identical outputs) it is exactly dot, so the cosine is exactly 1.
        double cosine = dot / Math.Sqrt(squaredNorm * referenceSquaredNorm);
        return double.IsNaN(cosine) ? cosine : Math.Clamp(cosine, -1, 1);
    }

    /// <summary>‖y − y₀‖ / ‖y₀‖ from the squared error and the squared reference norm; 0 when both are 0, +∞ when only the reference is.</summary>
    public static double RelativeL2(double squaredError, double referenceSquaredNorm)
    {
        if (squaredError == 0) return 0;
        return Math.Sqrt(squaredError / referenceSquaredNorm); // x/0 = +∞ for x > 0
    }

    /// <summary>10·log10(‖y₀‖² / ‖y − y₀‖²) in dB: +∞ when the outputs are equal, −∞ when the reference is zero and they are not.</summary>
    public static double SqnrDb(double squaredError, double referenceSquaredNorm)
    {
        if (squaredError == 0) return double.PositiveInfinity;
        return 10 * Math.Log10(referenceSquaredNorm / squaredError);
    }

    /// <summary>The position of the largest value (the first on ties, as torch's argmax); −1 when a value is NaN, so that such a row never agrees.</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = -1;
        float max = float.NegativeInfinity;
        for (int i = 0; i < scores.Length; i++)
        {
            float value = scores[i];
            if (float.IsNaN(value)) return -1;
            if (best < 0 || value > max)
            {
                best = i;
                max = value;
            }
        }
        return best;
    }
}
