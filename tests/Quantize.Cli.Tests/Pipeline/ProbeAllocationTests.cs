using Quantize.Cli.Pipeline;

namespace Quantize.Cli.Tests.Pipeline;

/// <summary>The probe's allocation, checked by a joint error that does not add up the way the allocation assumes.</summary>
public class ProbeAllocationTests
{
    static readonly (long Elements, double Error)[] Tensors = [(1000, 0.01), (100, 0.05), (10_000, 0.001)];

    // What the allocation predicts: each tensor's error times its factor squared, summed.
    static double Additive(double[] factors) => Tensors.Select((t, i) => t.Error * factors[i] * factors[i]).Sum();

    [Fact]
    public void WhereTheErrorsPartlyCancel_TheFirstAllocationStands_AndIsNeverLoosened()
    {
        (double[] factors, double allocatedFor, double joint) = new ProbeAllocation(Tensors, f => Additive(f) / 2).Settle(0.004);

        Assert.Equal(0.004, allocatedFor);
        Assert.Equal(Additive(factors) / 2, joint);
        // Allocated for the target, not for the slack the joint run shows (quarter-octave rounding moves it a little).
        Assert.InRange(Additive(factors), 0.003, 0.0055);
    }

    [Fact]
    public void WhereTheyCompound_TheAllocationTightensUntilTheJointRunMeetsTheTarget()
    {
        int runs = 0;
        double Compounding(double[] factors) { runs++; return 3 * Additive(factors); }

        (double[] factors, double allocatedFor, double joint) = new ProbeAllocation(Tensors, Compounding).Settle(0.004);

        Assert.True(joint <= 0.004, $"{joint}");
        Assert.True(allocatedFor < 0.004 && allocatedFor >= 0.004 / 64, $"{allocatedFor}");
        Assert.Equal(3 * Additive(factors), joint);
        Assert.InRange(runs, 2, ProbeAllocation.MaxTightenings + 1);
        // Water-filling again keeps the bits where the error is: the most sensitive tensor per element stays the finest.
        Assert.True(factors[1] <= factors[0] && factors[0] <= factors[2], string.Join(", ", factors));
    }

    [Fact]
    public void AJointErrorThatNeverMeetsIt_StopsAtTheTightestAllocation()
    {
        (_, double allocatedFor, double joint) = new ProbeAllocation(Tensors, _ => 1).Settle(0.004);

        Assert.Equal(0.004 / Math.Pow(Math.Sqrt(2), ProbeAllocation.MaxTightenings), allocatedFor, 1e-15);
        Assert.Equal(1, joint);
    }
}
