using Quantize.Cli.Gates;
using Quantize.Cli.Search;

namespace Quantize.Cli.Tests.Search;

/// <summary>When compress --search warns that its accuracy budget is within the validation split's noise.</summary>
public sealed class ValidationNoiseTests
{
    static readonly GateThresholds HalfAPoint = new(null, 0.5);

    [Fact]
    public void StandardError_IsTheBinomialOneInPoints() =>
        Assert.Equal(100 * Math.Sqrt(0.8 * 0.2 / 1000), ValidationNoise.StandardErrorPoints(80, 1000), 12);

    [Fact]
    public void ABudgetBelowTwiceTheNoise_IsWarnedWithTheSamplesThatWouldDo()
    {
        // ResNet-20 of docs/results.md §10: 81.6% on 1,000 images, one standard error 1.23 points against a 0.5-point budget.
        string? warning = ValidationNoise.Warning(HalfAPoint, 81.6, 1000);
        Assert.NotNull(warning);
        Assert.StartsWith("warning: ", warning);
        Assert.Contains("1.23 points", warning);
        Assert.Contains("--validation", warning);
        // p(1-p)/(0.25/100)^2 = 0.816*0.184/6.25e-6 = 24,023.04 -> 24,024.
        Assert.Contains("24,024", warning);
    }

    [Fact]
    public void ABudgetWellAboveTheNoise_IsNotWarned() =>
        Assert.Null(ValidationNoise.Warning(new GateThresholds(null, 3), 91, 10_000));

    [Fact]
    public void APerfectScore_SaysTheSplitWasLikelySeenInTraining()
    {
        string? warning = ValidationNoise.Warning(HalfAPoint, 100, 1000);
        Assert.NotNull(warning);
        Assert.Contains("100.00%", warning);
        Assert.Contains("did not train on", warning);
    }

    [Fact]
    public void BudgetsWithoutAnAccuracyDrop_AreNotJudged() =>
        Assert.Null(ValidationNoise.Warning(new GateThresholds(null, null) { MinCosine = 0.99 }, 81.6, 100));
}
