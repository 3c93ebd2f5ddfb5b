using System.CommandLine;
using Quantize.Cli.Gates;
using Quantize.Cli.Options;
using Quantize.Core.Fidelity;

namespace Quantize.Cli.Tests.Gates;

public class FidelityGateTests
{
    static readonly FidelityMeasures Classifier = new(10_000, 9_812, 0.9991, 0.9812, 0.04, 27.96);
    static readonly FidelityMeasures Encoder = new(500, null, 0.95, 0.62, 0.3, 10.46);

    [Fact]
    public void PassesWhenCosineAndAgreementReachTheirThresholds()
    {
        GateThresholds gates = GateThresholds.None with { MinCosine = 0.98, MinAgreement = 0.98 };
        GateVerdict verdict = GateCheck.Evaluate(gates, 10, null, Classifier);
        Assert.True(verdict.Passed);
        Assert.Equal("gates passed: --min-cosine 0.98 and --min-agreement 0.98", verdict.Summary);
    }

    [Fact]
    public void SaysWhichFidelityGateFailedAndByHowMuch()
    {
        GateThresholds gates = new GateThresholds(10, null) { MinCosine = 0.99, MinAgreement = 0.995 };
        GateVerdict verdict = GateCheck.Evaluate(gates, 12, null, Classifier);
        Assert.False(verdict.Passed);
        Assert.Equal("gate failed: minimum cosine 0.9812 < --min-cosine 0.99 (short by 0.0088); "
                     + "top-1 agreement 0.9812 < --min-agreement 0.995 (short by 0.0138)", verdict.FailureLine);
        var stderr = new StringWriter();
        Assert.Equal((int)ExitCode.GateFailed, verdict.Finish(stderr));
    }

    [Fact]
    public void ShowsDecimalsUntilAFailingValueDiffersFromItsThreshold()
    {
        var fidelity = Classifier with { CosineMin = 0.99999 };
        IReadOnlyList<string> failures = GateCheck.FidelityFailures(GateThresholds.None with { MinCosine = 0.999997 }, fidelity);
        Assert.Equal("minimum cosine 0.99999 < --min-cosine 0.999997 (short by 0.00001)", Assert.Single(failures));
    }

    [Fact]
    public void FailsWhenFidelityOrAgreementWasNotMeasured()
    {
        GateThresholds gates = GateThresholds.None with { MinCosine = 0.9, MinAgreement = 0.9 };
        Assert.Equal(
            ["fidelity was not measured, so --min-cosine 0.9 cannot be checked", "fidelity was not measured, so --min-agreement 0.9 cannot be checked"],
            GateCheck.Failures(gates, 10, null, null));
        Assert.Equal(
            ["top-1 agreement was not measured (no output is class scores [N,C]), so --min-agreement 0.9 cannot be checked"],
            GateCheck.FidelityFailures(gates with { MinCosine = 0.5 }, Encoder));
    }

    [Fact]
    public void ANaNCosineFailsTheGate()
    {
        var broken = Classifier with { CosineMin = double.NaN };
        Assert.False(GateCheck.MeetsFidelity(GateThresholds.None with { MinCosine = -1 }, broken));
        Assert.Contains("NaN", Assert.Single(GateCheck.FidelityFailures(GateThresholds.None with { MinCosine = -1 }, broken)));
    }

    [Fact]
    public void TheOldGatesIgnoreFidelityAndTheOldOverloadsAreUnchanged()
    {
        var gates = new GateThresholds(10, 1);
        Assert.Equal(GateCheck.Failures(gates, 9, 2), GateCheck.Failures(gates, 9, 2, Encoder));
        Assert.True(GateCheck.MeetsFidelity(gates, null));
        Assert.False(gates.NeedsFidelity);
        Assert.True((gates with { MinAgreement = 0.5 }).NeedsFidelity);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-1.01)]
    [InlineData(double.NaN)]
    public void RejectsACosineThresholdOutsideMinusOneToOne(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GateThresholds.None with { MinCosine = value });

    [Theory]
    [InlineData(99)]
    [InlineData(-0.1)]
    public void RejectsAnAgreementThresholdOutsideZeroToOne(double value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GateThresholds.None with { MinAgreement = value });
        Assert.Contains("0.99 = 99%", error.Message);
    }

    [Theory]
    [InlineData("--min-agreement 99", "--min-agreement is a fraction of samples (0.99 = 99%) from 0 to 1 (got 99)")]
    [InlineData("--min-cosine 2", "--min-cosine is a cosine similarity from -1 to 1 (got 2)")]
    [InlineData("--min-cosine 0.9 --no-eval", "--min-cosine needs the evaluation that --no-eval skips; drop one of them")]
    public void TheOptionsSayWhatIsWrongOnTheCommandLine(string arguments, string error)
    {
        (Command command, _) = Command();
        ParseResult result = command.Parse(arguments);
        Assert.Contains(error, result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void TheOptionsReadIntoTheThresholds()
    {
        (Command command, FidelityGateOptions options) = Command();
        GateThresholds gates = options.Read(command.Parse("--min-cosine 0.95 --min-agreement 0.99"), new GateThresholds(8, null));
        Assert.Equal(new GateThresholds(8, null) { MinCosine = 0.95, MinAgreement = 0.99 }, gates);
        Assert.Equal("--min-ratio 8 and --min-cosine 0.95 and --min-agreement 0.99", gates.Describe());
    }

    static (Command, FidelityGateOptions) Command()
    {
        var command = new Command("compress");
        var noEval = new Option<bool>("--no-eval");
        command.Add(noEval);
        var options = new FidelityGateOptions("the result");
        options.AddTo(command, noEval);
        return (command, options);
    }
}
