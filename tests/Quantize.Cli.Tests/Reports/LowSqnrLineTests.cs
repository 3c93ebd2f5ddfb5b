using Quantize.Cli.Reports;

namespace Quantize.Cli.Tests.Reports;

/// <summary>The low-SQNR line of the text report: silent when every tensor is faithful, short on a model of many tensors.</summary>
public class LowSqnrLineTests
{
    static LayerReport Layer(string name, double? sqnr) => new(name, "[4]", 4, 4, 12, 3, 0, 8, 0, 0, null) { SqnrDb = sqnr };

    [Fact]
    public void NoTensorBelowTheLine_PrintsNothing()
    {
        Assert.Null(CompressionReportText.LowSqnr([Layer("a", 35), Layer("b", null), Layer("c", double.PositiveInfinity)], "none"));
    }

    [Fact]
    public void ManyLowTensors_NameTheWorstFiveInModelOrder_AndCountTheRest()
    {
        double[] sqnr = [19, 5, 30, 12, 3, 18, 7, 15];
        LayerReport[] layers = sqnr.Select((db, i) => Layer($"t{i}", db)).ToArray();

        string? line = CompressionReportText.LowSqnr(layers, "channel");

        // Below 20 dB: all but t2 (7 tensors); the worst five are t4 3, t1 5, t6 7, t3 12, t7 15.
        Assert.Equal("low SQNR: t1 (5.0 dB), t3 (12.0 dB), t4 (3.0 dB), t6 (7.0 dB), t7 (15.0 dB) and 2 more (--json lists all); raise it with more bits, or --keep NAME", line);
    }
}
