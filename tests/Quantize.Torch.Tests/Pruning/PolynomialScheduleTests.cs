using Quantize.Torch.Pruning;

namespace Quantize.Torch.Tests.Pruning;

public class PolynomialScheduleTests
{
    // Zhu & Gupta's formula as printed, t0 = 0: s_t = s_f + (s_i - s_f)(1 - t/(n·Δt))^3.
    static double Formula(long t, double si, double sf, int n, int dt) => sf + (si - sf) * Math.Pow(1 - (double)t / (n * dt), 3);

    [Theory]
    [InlineData(1000, 100, 0.0, 0.9)]
    [InlineData(474, 40, 0.0, 0.98)]
    [InlineData(10, 2, 0.3, 0.5)]
    public void PrunedFractionFollowsTheFormula_AtEveryStepUpToTheLastUpdate(long steps, int maskEvery, double si, double sf)
    {
        var schedule = new PolynomialSchedule(steps, maskEvery);
        int n = (int)((steps - 1) / maskEvery);
        Assert.Equal(n, schedule.Updates);
        for (long t = 0; t <= schedule.LastUpdate; t++)
            Assert.Equal(Formula(t, si, sf, n, maskEvery), schedule.PrunedFraction(t, si, sf), 12);
        Assert.Equal(sf, schedule.PrunedFraction(schedule.LastUpdate + 5, si, sf));
        Assert.Equal(si, schedule.PrunedFraction(0, si, sf));
    }

    [Fact]
    public void UpdatesFallEveryMaskEveryStepsAndTheLastFitsInThePruningSteps()
    {
        var schedule = new PolynomialSchedule(474, 40);
        long[] updates = Enumerable.Range(0, 600).Where(t => schedule.IsUpdate(t)).Select(t => (long)t).ToArray();
        Assert.Equal(Enumerable.Range(0, 12).Select(k => k * 40L), updates);
        Assert.True(schedule.LastUpdate < 474);
    }

    [Fact]
    public void KeptFractionStartsWholeAndEndsExactlyAtTheTarget_FallingFastestFirst()
    {
        var schedule = new PolynomialSchedule(1000, 100);
        Assert.Equal(1.0, schedule.KeptFraction(0, 0.08));
        Assert.Equal(0.08, schedule.KeptFraction(schedule.LastUpdate, 0.08));
        double[] kept = Enumerable.Range(0, schedule.Updates + 1).Select(k => schedule.KeptFraction(k * 100L, 0.08)).ToArray();
        double[] falls = kept.Zip(kept.Skip(1), (a, b) => a - b).ToArray();
        Assert.All(falls, f => Assert.True(f > 0));
        Assert.True(falls.Zip(falls.Skip(1)).All(p => p.First > p.Second), "the cube removes the most weights early");
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(5, 200)]
    [InlineData(100, 0)]
    public void TooFewStepsForTwoUpdates_OrNoInterval_IsAnError(long steps, int maskEvery) =>
        Assert.Throws<PruningSpecException>(() => new PolynomialSchedule(steps, maskEvery));
}
