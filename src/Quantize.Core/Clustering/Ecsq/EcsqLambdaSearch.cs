namespace Quantize.Core.Clustering.Ecsq;

/// <summary>
/// Chooses λ so that ECSQ's entropy meets a target: larger λ prices rate higher and lowers the entropy.
/// Every λ starts from the same clusters, so the outcome is a function of λ alone; the search brackets
/// the target by factors of 4 and then bisects log λ. Entropy jumps where clusters vanish, so the
/// target may not be reachable exactly: the outcome is the one with the largest entropy not above it.
/// </summary>
static class EcsqLambdaSearch
{
    const int MaxBracketSteps = 200;
    const int MaxBisections = 40;

    /// <summary>Bisection stops once the entropy is within this many bits under the target.</summary>
    public const double EntropyTolerance = 1e-3;

    public static EcsqOutcome Find(EcsqPoints points, int[] startLabels, int startLabelCount, double targetBits, int maxIterations)
    {
        EcsqOutcome Evaluate(double lambda) => EcsqDescent.Run(points, startLabels, startLabelCount, lambda, maxIterations);

        EcsqOutcome free = Evaluate(0);
        if (free.Entropy <= targetBits) return free;

        EcsqOutcome? best = null;
        void Consider(EcsqOutcome outcome)
        {
            if (outcome.Entropy <= targetBits && (best == null || outcome.Entropy > best.Entropy)) best = outcome;
        }

        // Near the target, dD/dH is a small multiple of D, so the start's distortion sets the scale of λ.
        double scale = free.Distortion > 0 ? free.Distortion : 1e-12;
        double under = double.NaN, over = double.NaN; // λ with entropy ≤ target, and λ with entropy above it
        EcsqOutcome first = Evaluate(scale);
        Consider(first);
        if (first.Entropy <= targetBits)
        {
            under = scale;
            over = 0;
            for (int step = 0; step < MaxBracketSteps; step++)
            {
                double lambda = under / 4;
                EcsqOutcome outcome = Evaluate(lambda);
                Consider(outcome);
                if (outcome.Entropy > targetBits)
                {
                    over = lambda;
                    break;
                }
                under = lambda;
            }
        }
        else
        {
            over = scale;
            for (int step = 0; step < MaxBracketSteps && double.IsNaN(under); step++)
            {
                double lambda = over * 4;
                EcsqOutcome outcome = Evaluate(lambda);
                Consider(outcome);
                if (outcome.Entropy <= targetBits) under = lambda;
                else over = lambda;
            }
        }
        if (best == null || double.IsNaN(under) || !(over > 0)) return best ?? free;

        for (int i = 0; i < MaxBisections && under / over > 1 + 1e-6 && targetBits - best.Entropy > EntropyTolerance; i++)
        {
            double lambda = Math.Sqrt(under * over);
            EcsqOutcome outcome = Evaluate(lambda);
            Consider(outcome);
            if (outcome.Entropy > targetBits) over = lambda;
            else under = lambda;
        }
        return best;
    }
}
