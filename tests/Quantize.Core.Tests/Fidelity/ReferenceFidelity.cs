using Quantize.Core.Fidelity;

namespace Quantize.Core.Tests.Fidelity;

/// <summary>
/// The measures computed the slow, obvious way from every sample's output held at once, written from the
/// definitions rather than from the accumulator's sums, to check the streaming one against.
/// </summary>
static class ReferenceFidelity
{
    public static FidelityMeasures Of(float[][] candidate, float[][] reference, bool classScores)
    {
        // One value per sample: the outputs of the split as one vector each (a per-sample cosine of one number is ±1).
        double[] cosines = candidate.Length > 1 && candidate.All(y => y.Length == 1)
            ? [Cosine(candidate.Select(y => y[0]).ToArray(), reference.Select(y0 => y0[0]).ToArray())]
            : candidate.Zip(reference, Cosine).ToArray();
        double error = Math.Sqrt(candidate.Zip(reference, (y, y0) => y.Zip(y0, (a, b) => Square((double)a - b)).Sum()).Sum());
        double norm = Math.Sqrt(reference.Sum(y0 => y0.Sum(b => Square(b))));
        double relative = error == 0 ? 0 : error / norm;
        long? agreeing = classScores ? candidate.Zip(reference).Count(p => Top(p.First) == Top(p.Second)) : null;
        return new FidelityMeasures(candidate.Length, agreeing, cosines.Average(), cosines.Min(), relative, -20 * Math.Log10(relative));
    }

    static double Cosine(float[] y, float[] y0)
    {
        double a = Math.Sqrt(y.Sum(v => Square(v))), b = Math.Sqrt(y0.Sum(v => Square(v)));
        if (a == 0 || b == 0) return a == b ? 1 : 0;
        return y.Zip(y0, (u, v) => (double)u * v).Sum() / (a * b);
    }

    static int Top(float[] scores) => Array.IndexOf(scores, scores.Max());

    static double Square(double x) => x * x;
}
