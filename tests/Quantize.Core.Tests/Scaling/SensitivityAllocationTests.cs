using Quantize.Core.Scaling;

namespace Quantize.Core.Tests.Scaling;

/// <summary>Grid shares from measured output errors: the target spent, the bits least, the factors bounded.</summary>
public class SensitivityAllocationTests
{
    static double Spent(IReadOnlyList<(long Elements, double Error)> tensors, double[] factors) =>
        tensors.Select((t, i) => t.Error * factors[i] * factors[i]).Sum();

    [Fact]
    public void OneSensitiveTensor_IsRefined_AndTheTargetIsMet()
    {
        (long, double)[] tensors = [(10_000, 0.02), (10_000, 0.0001), (100_000, 0.0002)];

        double[] factors = SensitivityAllocation.Factors(tensors, 0.004);

        Assert.True(factors[0] < 1, string.Join(", ", factors));
        Assert.True(factors[1] > 1 && factors[2] > 1, string.Join(", ", factors));
        Assert.Equal(0.004, Spent(tensors, factors), 6);
    }

    [Fact]
    public void EqualErrorPerElement_WhereNoBoundBinds()
    {
        (long, double)[] tensors = [(1000, 0.001), (4000, 0.001)];

        double[] factors = SensitivityAllocation.Factors(tensors, 0.0015);

        // f² ∝ n / d: each tensor ends with the same error per element, d·f²/n.
        Assert.Equal(0.001 * factors[0] * factors[0] / 1000, 0.001 * factors[1] * factors[1] / 4000, 12);
        Assert.Equal(0.0015, Spent(tensors, factors), 6);
    }

    [Fact]
    public void FactorsStayWithinTheirBounds()
    {
        (long, double)[] tensors = [(10, 5.0), (1_000_000, 0), (100, double.PositiveInfinity)];

        double[] factors = SensitivityAllocation.Factors(tensors, 1e-6);

        Assert.Equal(SensitivityAllocation.FinestFactor, factors[0]);
        Assert.Equal(SensitivityAllocation.CoarsestFactor, factors[1]); // never seen to move anything
        Assert.Equal(SensitivityAllocation.FinestFactor, factors[2]);
    }

    [Fact]
    public void ALooseTarget_CoarsensEverythingToTheCap()
    {
        double[] factors = SensitivityAllocation.Factors([(100, 1e-6), (100, 2e-6)], 1);

        Assert.All(factors, f => Assert.Equal(SensitivityAllocation.CoarsestFactor, f));
    }
}
