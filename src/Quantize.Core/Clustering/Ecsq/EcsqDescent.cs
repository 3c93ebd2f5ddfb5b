namespace Quantize.Core.Clustering.Ecsq;

/// <summary>
/// Iterative ECSQ at a fixed λ (Chou, Lookabaugh and Gray 1989, with Hessian weights; paper §4.4):
/// alternate the assignment step (best cluster for each point given centres and code lengths) and the
/// update step (weighted-mean centres, empirical probabilities). Each step minimises
/// Σ h (w − c_a)² / N + λ·(1/N) Σ −log2 p_a over its own variables, and after an update that quantity is
/// J_λ = D + λ·H, so J_λ never increases. Stops when it no longer decreases (relative change ≤ 1e−7).
/// </summary>
static class EcsqDescent
{
    const double Tolerance = 1e-7;

    /// <param name="startLabels">Initial clusters; not modified.</param>
    /// <param name="trace">Receives J_λ of the start and after every iteration, when given.</param>
    public static EcsqOutcome Run(EcsqPoints points, int[] startLabels, int startLabelCount, double lambda, int maxIterations, List<double>? trace = null)
    {
        (EcsqCodebook codebook, double distortion, double entropy) = EcsqUpdate.Run(points, startLabels, startLabelCount, null);
        var best = new EcsqOutcome(startLabels, startLabelCount, codebook, lambda, distortion, entropy, 0);
        trace?.Add(best.Objective);

        int[]? scratch = null;
        double objective = best.Objective;
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            scratch ??= new int[points.Count];
            EcsqAssignment.Assign(points, codebook, lambda, scratch);
            (EcsqCodebook next, double d, double h) = EcsqUpdate.Run(points, scratch, codebook.Count, codebook.Centers);
            double nextObjective = d + lambda * h;
            trace?.Add(nextObjective);

            bool improved = nextObjective < best.Objective;
            if (improved)
            {
                int[] previous = best.Labels;
                best = new EcsqOutcome(scratch, codebook.Count, next, lambda, d, h, iteration);
                // The start labels belong to the caller; any other superseded buffer is reused.
                scratch = ReferenceEquals(previous, startLabels) ? null : previous;
            }
            if (!(nextObjective < objective - Tolerance * Math.Abs(objective))) return best with { Iterations = iteration };
            objective = nextObjective;
            codebook = next;
        }
        return best with { Iterations = maxIterations };
    }
}
