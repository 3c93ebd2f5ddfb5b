namespace Quantize.Torch.Pruning;

/// <summary>
/// Gradual pruning's schedule (Zhu &amp; Gupta, "To prune, or not to prune", 2017): the pruned fraction at step t is
/// s_t = s_f + (s_i − s_f)(1 − (t − t0)/(n·Δt))³, with masks recomputed at t0, t0 + Δt, …, t0 + n·Δt. The cube prunes
/// fast while many redundant weights are left and slowly near the end, when every weight removed costs more.
/// Here t0 = 0 (the model given is trained) and n is the most updates that fit in the pruning steps, so the last
/// update, which reaches s_f exactly, falls on a step that runs.
/// </summary>
public sealed class PolynomialSchedule
{
    /// <param name="steps">Optimizer steps (batches) the pruning phase lasts.</param>
    /// <param name="maskEvery">Δt: steps between mask updates.</param>
    public PolynomialSchedule(long steps, int maskEvery)
    {
        if (maskEvery < 1) throw new PruningSpecException($"--mask-every must be at least 1, got {maskEvery}");
        if (steps <= maskEvery)
            throw new PruningSpecException($"--mask-every {maskEvery} leaves no room for a second mask update in the {steps} steps of pruning " +
                                           "(--prune-epochs × batches per epoch): lower --mask-every or prune for more epochs");
        MaskEvery = maskEvery;
        Updates = (int)((steps - 1) / maskEvery);
    }

    /// <summary>Δt.</summary>
    public int MaskEvery { get; }

    /// <summary>n: updates after the one at step 0; the last falls on step n·Δt.</summary>
    public int Updates { get; }

    /// <summary>The step of the last mask update, after which the masks stay as they are.</summary>
    public long LastUpdate => (long)Updates * MaskEvery;

    public bool IsUpdate(long step) => step >= 0 && step <= LastUpdate && step % MaskEvery == 0;

    /// <summary>s_t for <paramref name="step"/>: s_i before the first step, s_f from the last update on.</summary>
    public double PrunedFraction(long step, double initialPruned, double finalPruned)
    {
        double progress = Math.Clamp((double)step / LastUpdate, 0, 1);
        double remaining = 1 - progress;
        return finalPruned + (initialPruned - finalPruned) * remaining * remaining * remaining;
    }

    /// <summary>The fraction kept at <paramref name="step"/> when pruning a dense tensor (s_i = 0) toward keeping <paramref name="finalKeep"/>; exactly it from the last update on.</summary>
    public double KeptFraction(long step, double finalKeep) =>
        step >= LastUpdate ? finalKeep : 1 - PrunedFraction(step, 0, 1 - finalKeep);
}
