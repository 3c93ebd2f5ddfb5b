using Quantize.Core.Scaling;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The probe's shares, checked by running the model with all of them at once. The allocation
/// (<see cref="SensitivityAllocation"/>) treats the tensors' output errors as adding up; they need not (errors compound
/// through a network, and coarse steps leave the linear regime). So while the joint error exceeds the target, the
/// allocation is redone for a target √2 times smaller — water-filling again, rather than refining every share alike, so
/// the bits still go where the outputs depend on them — at most <see cref="MaxTightenings"/> times (to 1/64). Never loosened on the
/// joint run's word: where outputs react chaotically (a recurrent state driven by noise), a lucky joint error says
/// nothing about the user's inputs.
/// </summary>
/// <param name="tensors">Per probed tensor, its element count and its error measured alone at the trial share.</param>
/// <param name="jointError">The output error with every probed tensor at its trial share times the given factors.</param>
public sealed class ProbeAllocation(IReadOnlyList<(long Elements, double Error)> tensors, Func<double[], double> jointError)
{
    public const int MaxTightenings = 12;

    /// <returns>The factors on the trial shares, the target they were allocated for, and their measured joint error.</returns>
    public (double[] Factors, double AllocatedFor, double JointError) Settle(double target)
    {
        double allocatedFor = target;
        double[] factors = Allocate(allocatedFor);
        double joint = jointError(factors);
        for (int tightening = 0; tightening < MaxTightenings && joint > target; tightening++)
        {
            allocatedFor /= Math.Sqrt(2);
            factors = Allocate(allocatedFor);
            joint = jointError(factors);
        }
        return (factors, allocatedFor, joint);
    }

    // Quarter-octave steps: a last-digit difference in a measured error (threads, hardware) must not change the file.
    double[] Allocate(double target) =>
        SensitivityAllocation.Factors(tensors, target).Select(f => Math.Pow(2, Math.Round(4 * Math.Log2(f)) / 4)).ToArray();
}
