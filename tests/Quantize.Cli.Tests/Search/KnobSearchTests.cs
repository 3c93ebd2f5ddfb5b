using Quantize.Cli.Reports;
using Quantize.Cli.Search;

namespace Quantize.Cli.Tests.Search;

/// <summary>
/// The search strategy on knobs whose size and quality are given as functions: a smooth model of a real one (size falls
/// as the step grows, the drop rises), one with noise near the budget, and the edges (all pass, none passes, whole k).
/// </summary>
public class KnobSearchTests
{
    // Size about 2^(−1.2 log2 step) as on LeNet (step 0.07 → 265 kB, 0.56 → 107 kB); the drop grows like step².
    static long Bytes(double step) => (long)Math.Round(265_000 * Math.Pow(step / 0.07, -0.44));

    static double Drop(double step) => 10 * step * step;

    static SearchProbe Probe(int index, double value, long bytes, double drop, double budget) =>
        new(index, "uniform", "step", value, bytes, 1.7e6 / bytes, 90 - drop, drop, null, null, drop <= budget);

    static (KnobSearch Search, List<double> Asked) Run(SearchKnob knob, Func<double, double> drop, Func<double, long> bytes, double budget, int max = 12)
    {
        var asked = new List<double>();
        var search = new KnobSearch(knob, max, value =>
        {
            asked.Add(value);
            return Probe(asked.Count, value, bytes(value), drop(value), budget);
        }).Run();
        return (search, asked);
    }

    // The largest step whose drop is within budget, and its size: what an infinitely fine sweep would choose.
    static long Best(double budget) => Bytes(Math.Sqrt(budget / 10));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(2)]
    public void FindsAFileWithinThreePercentOfTheSmallestPassingOneInTwelveEvaluations(double budget)
    {
        var knob = new SearchKnob(KnobKind.Step, 0.07, 0.07 / 8, 0.07 * 16);
        (KnobSearch search, List<double> asked) = Run(knob, Drop, Bytes, budget);
        SearchProbe chosen = Assert.IsType<SearchProbe>(search.Chosen);
        Assert.True(chosen.MeetsBudget);
        Assert.InRange(chosen.ContainerBytes!.Value, Best(budget), Best(budget) * 1.03);
        Assert.InRange(asked.Count, 3, 12);
        Assert.Equal(asked.Count, asked.Distinct().Count());
        Assert.Equal(asked.Count, search.Probes.Count);
    }

    [Fact]
    public void ANoisyFailureAboveTheBoundaryIsPassedByTheNeighbourCheck()
    {
        // The budget holds up to step 0.5 but one band of steps fails by noise.
        static double Noisy(double step) => step is > 0.40 and < 0.46 ? 1 : step <= 0.5 ? 0.2 : 2;
        var knob = new SearchKnob(KnobKind.Step, 0.07, 0.07 / 8, 0.07 * 16);
        (KnobSearch search, _) = Run(knob, Noisy, Bytes, 0.5);
        Assert.True(search.Chosen!.Value > 0.46, $"chose step {search.Chosen.Value}");
    }

    [Fact]
    public void WhenEverySettingPassesTheCoarsestIsChosen()
    {
        var knob = new SearchKnob(KnobKind.Step, 0.07, 0.07 / 8, 0.07 * 16);
        (KnobSearch search, List<double> asked) = Run(knob, _ => 0, Bytes, 0.5);
        Assert.Equal(0.07 * 16, search.Chosen!.Value, 9);
        Assert.True(asked.Count <= 4);
    }

    [Fact]
    public void WhenNoSettingPassesNothingIsChosenAndTheFinestWasTried()
    {
        var knob = new SearchKnob(KnobKind.Step, 0.07, 0.07 / 8, 0.07 * 16);
        (KnobSearch search, List<double> asked) = Run(knob, _ => 5, Bytes, 0.5);
        Assert.Null(search.Chosen);
        Assert.Contains(asked, v => Math.Abs(v - 0.07 / 8) < 1e-12);
    }

    [Fact]
    public void ClustersAreWholeNumbersAndTheSearchEndsOnAdjacentOnes()
    {
        // More clusters, a larger file and a smaller drop; the budget holds from k = 23.
        var knob = new SearchKnob(KnobKind.Clusters, 32, 2, 256);
        (KnobSearch search, List<double> asked) = Run(knob, k => k >= 23 ? 0.3 : 1.5, k => (long)(10_000 * Math.Log2(k)), 0.5);
        Assert.All(asked, k => Assert.Equal(Math.Round(k), k));
        Assert.Equal(23, search.Chosen!.Value);
        Assert.Contains(22, asked);
        Assert.True(asked.Count <= 12);
    }

    [Fact]
    public void NeverSpendsMoreThanTheEvaluationsAllowed()
    {
        var knob = new SearchKnob(KnobKind.Rate, 3, 0.5, 8);
        (KnobSearch search, List<double> asked) = Run(knob, r => 4 / r, r => (long)(100_000 * r), 0.5, max: 5);
        Assert.Equal(5, asked.Count);
        Assert.NotNull(search.Chosen);
    }
}
