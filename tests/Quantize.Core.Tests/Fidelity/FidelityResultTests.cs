using Quantize.Core.Fidelity;

namespace Quantize.Core.Tests.Fidelity;

public class FidelityResultTests
{
    [Fact]
    public void OverallIsTheWorstOutputOnEachMeasure()
    {
        var scores = new OutputFidelity("scores", new FidelityMeasures(10, 9, 0.99, 0.90, 0.10, 20));
        var hidden = new OutputFidelity("hidden", new FidelityMeasures(10, null, 0.95, 0.93, 0.20, 13.98));
        var probabilities = new OutputFidelity("probabilities", new FidelityMeasures(10, 10, 0.999, 0.98, 0.01, 40));

        FidelityResult result = FidelityResult.Of([scores, hidden, probabilities]);

        Assert.Equal(new FidelityMeasures(10, 9, 0.95, 0.90, 0.20, 13.98), result.Overall);
        Assert.Equal(0.9, result.Overall.Agreement);
        Assert.Equal(["scores", "hidden", "probabilities"], result.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void OverallHasNoAgreementWithoutAClassScoreOutput()
    {
        FidelityResult result = FidelityResult.Of([new OutputFidelity("hidden", new FidelityMeasures(4, null, 1, 1, 0, double.PositiveInfinity))]);
        Assert.Null(result.Overall.Agreement);
        Assert.Equal(double.PositiveInfinity, result.Overall.SqnrDb);
    }

    [Fact]
    public void ANaNOutputMakesTheOverallNaN()
    {
        var good = new OutputFidelity("a", new FidelityMeasures(2, null, 1, 1, 0, double.PositiveInfinity));
        var broken = new OutputFidelity("b", new FidelityMeasures(2, null, double.NaN, double.NaN, double.NaN, double.NaN));
        FidelityMeasures overall = FidelityResult.Of([good, broken]).Overall;
        Assert.True(double.IsNaN(overall.CosineMin));
        Assert.True(double.IsNaN(overall.RelativeL2));
        Assert.True(double.IsNaN(overall.SqnrDb));
    }

    [Fact]
    public void RejectsNoOutputs() => Assert.Throws<ArgumentException>(() => FidelityResult.Of([]));
}
