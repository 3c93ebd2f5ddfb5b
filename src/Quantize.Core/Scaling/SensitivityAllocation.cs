namespace Quantize.Core.Scaling;

/// <summary>
/// Each tensor's share of the grid from how much the outputs depend on it. Tensor t measured alone at the trial step moves
/// the outputs by d_t (relative squared error); a step f_t times the trial one moves them by about d_t·f_t² and costs
/// about n_t·log2(1/f_t) bits more (fewer when f_t > 1). Minimising the bits subject to Σ d_t·f_t² ≤ D gives
/// f_t² = λ·n_t / d_t (reverse water-filling): every tensor ends with the same output error per element. λ is found by
/// bisection; factors stay within [<see cref="FinestFactor"/>, <see cref="CoarsestFactor"/>], so an unmeetable target
/// costs bounded bits and a tensor the probe never saw move (an unused branch) is at most twice as coarse.
/// </summary>
public static class SensitivityAllocation
{
    public const double FinestFactor = SmallTensorRefinement.FinestFactor / 2;

    /// <summary>The coarsest share: twice the trial step (6 dB less SQNR than the trial).</summary>
    public const double CoarsestFactor = 2;

    /// <param name="tensors">Per tensor, its element count and its measured output error at the trial step.</param>
    /// <param name="target">The sum of output errors to stay within.</param>
    /// <returns>One factor in [<see cref="FinestFactor"/>, <see cref="CoarsestFactor"/>] per tensor, in order.</returns>
    public static double[] Factors(IReadOnlyList<(long Elements, double Error)> tensors, double target)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(target);
        double Spent(double lambda) => tensors.Sum(t => Finite(t.Error) * Square(Factor(t, lambda)));
        // Σ d·f² grows with λ, from Σ d·finest² (λ → 0) to Σ d·coarsest² (λ → ∞).
        double low = 1e-30, high = 1e30;
        if (Spent(low) >= target) return tensors.Select(t => Factor(t, low)).ToArray();
        if (Spent(high) <= target) return tensors.Select(t => Factor(t, high)).ToArray();
        for (int i = 0; i < 200; i++)
        {
            double middle = Math.Sqrt(low * high);
            if (Spent(middle) > target) high = middle; else low = middle;
        }
        return tensors.Select(t => Factor(t, low)).ToArray();
    }

    static double Factor((long Elements, double Error) t, double lambda)
    {
        double error = Finite(t.Error);
        if (error <= 0) return CoarsestFactor;
        return Math.Clamp(Math.Sqrt(lambda * Math.Max(t.Elements, 1) / error), FinestFactor, CoarsestFactor);
    }

    static double Finite(double error) => double.IsFinite(error) ? Math.Max(error, 0) : 1e30;

    static double Square(double x) => x * x;
}
