using Quantize.Core.Scaling;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The probe's shares, checked by running the model with all of them at once. The allocation
/// (<see cref="SensitivityAllocation"/>) treats the tensors' output errors as adding up; they need not (errors compound
/// through a network, and coarse steps leave the linear regime). So while the joint error exceeds the target, the
/// allocation is redone for a target √2 times smaller — water-filling again, rather than refining every share alike, so
/// the bits still go where the outputs depend on them — at most <see cref="MaxTightenings"/> times (to 1/64). Never loosened
/// beyond the target on the joint run's word: where outputs react chaotically (a recurrent state driven by noise), a
/// lucky joint error says nothing about the user's inputs. But once a tightening passes, the last √2 step is bisected
/// (<see cref="MaxBisections"/> more runs) so the allocation kept is the loosest of those measured that passes, rather
/// than wherever the √2 ladder happened to land.
/// </summary>
/// <param name="tensors">Per probed tensor, its element count and its error measured alone at the trial share.</param>
/// <param name="jointError">The output error with every probed tensor at its trial share times the given factors.</param>
public sealed class ProbeAllocation(IReadOnlyList<(long Elements, double Error)> tensors, Func<double[], double> jointError)
{
    public const int MaxTightenings = 12;

    /// <summary>Halvings of the last tightening's interval (√2, then 2^(1/4), then 2^(1/8)) searched for the loosest passing allocation.</summary>
    public const int MaxBisections = 2;

    /// <returns>The factors on the trial shares, the target they were allocated for, and their measured joint error.</returns>
    public (double[] Factors, double AllocatedFor, double JointError) Settle(double target)
    {
        double allocatedFor = target;
        double[] factors = Allocate(allocatedFor);
        double joint = jointError(factors);
        int tightenings = 0;
        for (; tightenings < MaxTightenings && joint > target; tightenings++)
        {
            allocatedFor /= Math.Sqrt(2);
            factors = Allocate(allocatedFor);
            joint = jointError(factors);
        }
        if (tightenings == 0 || joint > target) return (factors, allocatedFor, joint);
        // A tightening of √2 can overshoot far: the joint error of a recurrent model moves erratically with the exact
        // rounding, so the first passing allocation may measure ten times under the target. Bisect (on a log scale)
        // between the last failing allocation and the passing one, keeping the loosest that passes.
        double failing = allocatedFor * Math.Sqrt(2);
        for (int bisection = 0; bisection < MaxBisections; bisection++)
        {
            double middle = Math.Sqrt(failing * allocatedFor);
            double[] trial = Allocate(middle);
            if (trial.SequenceEqual(factors)) { allocatedFor = middle; continue; } // the same rounding: it passes as it did
            double measured = jointError(trial);
            if (measured <= target) (allocatedFor, factors, joint) = (middle, trial, measured);
            else failing = middle;
        }
        return (factors, allocatedFor, joint);
    }

    // Quarter-octave steps: a last-digit difference in a measured error (threads, hardware) must not change the file.
    double[] Allocate(double target) =>
        SensitivityAllocation.Factors(tensors, target).Select(f => Math.Pow(2, Math.Round(4 * Math.Log2(f)) / 4)).ToArray();
}
