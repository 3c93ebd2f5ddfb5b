using Quantize.Cli.Gates;
using Quantize.Cli.Sweep;

namespace Quantize.Cli.Tests.Sweep;

/// <summary>The sweep's gate rule on made-up rows: at least one completed setting must meet every gate.</summary>
public class SweepGateTests
{
    static SweepRow Row(string method, int bits, double ratio, double? quantized, string status = SweepRow.Ok) =>
        new(method, "huffman", bits, 1 << bits, 1, 1, 1e-4, ratio, new SweepSizes(32, 1, 0, 1, 2), 100,
            new SweepAccuracy(quantized == null ? null : 90.0, quantized, null), status, status == SweepRow.Ok ? null : "boom");

    static readonly SweepRow[] Rows = [Row("kmeans", 2, 16, 85), Row("kmeans", 4, 8, 89.8), Row("uniform", 2, 24, 80), Row("uniform", 4, 13, 89.5)];

    [Fact]
    public void NoGatesMeansNoVerdict() => Assert.Same(GateVerdict.NotGated, SweepGate.Evaluate(GateThresholds.None, Rows));

    [Fact]
    public void PassesWhenOneSettingMeetsEveryGateAndNamesTheHighestRatioAmongThem()
    {
        GateVerdict verdict = SweepGate.Evaluate(new GateThresholds(10, 1), Rows);
        Assert.True(verdict.Passed);
        Assert.Null(verdict.FailureLine);
        Assert.Contains("1 of 4 settings", verdict.Summary);
        Assert.Contains("uniform 4 bits huffman", verdict.Summary);
    }

    [Fact]
    public void FailingOnRatioNamesTheHighestRatioThatKeepsTheAccuracy()
    {
        GateVerdict verdict = SweepGate.Evaluate(new GateThresholds(14, 1), Rows);
        Assert.False(verdict.Passed);
        Assert.Equal("gate failed: none of 4 settings meets --min-ratio 14 and --max-accuracy-drop 1; best: uniform 4 bits huffman, compression ratio 13.00 < --min-ratio 14 (short by 1.00)",
            verdict.FailureLine);
    }

    [Fact]
    public void FailingOnAccuracyNamesTheSmallestDrop()
    {
        GateVerdict verdict = SweepGate.Evaluate(new GateThresholds(null, 0.1), Rows);
        Assert.False(verdict.Passed);
        Assert.Contains("best: kmeans 4 bits huffman, accuracy drop 0.20 points > --max-accuracy-drop 0.1 (over by 0.10)", verdict.FailureLine);
    }

    [Fact]
    public void FailedSettingsNeverPass()
    {
        SweepRow[] rows = [Row("kmeans", 2, 0, null, SweepRow.Failed) with { CompressionRatio = null }];
        GateVerdict verdict = SweepGate.Evaluate(new GateThresholds(1, null), rows);
        Assert.False(verdict.Passed);
        Assert.Contains("no setting completed", verdict.FailureLine);
    }

    [Theory]
    [InlineData(9.45, 10, "9.45", "0.55")]
    [InlineData(9.9996, 10, "9.9996", "0.0004")]
    [InlineData(10.004, 10, "10.004", "0.004")]
    public void GateNumbersShowEnoughDecimalsToTellValueFromThreshold(double value, double threshold, string shown, string gap) =>
        Assert.Equal((shown, gap), GateNumbers.Against(value, threshold));
}
