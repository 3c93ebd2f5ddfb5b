using System.Text.Json;
using Quantize.Cli.Reports;
using Quantize.Core.Fidelity;
using Quantize.Torch.Evaluation;

namespace Quantize.Cli.Tests.Reports;

public class FidelityReportTests
{
    static readonly FidelityResult TwoOutputs = FidelityResult.Of([
        new OutputFidelity("logits", new FidelityMeasures(10_000, 9_921, 0.99962, 0.98011, 0.0276, 31.18)),
        new OutputFidelity("hidden", new FidelityMeasures(10_000, null, 0.999, 0.99, 0.03, 30.46)),
    ]);

    static readonly SkippedOutput[] Label = [new("label", "int64: not a floating-point output")];

    [Fact]
    public void SerialisesInSnakeCaseWithTheOverallFirst()
    {
        string json = JsonSerializer.Serialize(FidelityReport.From(TwoOutputs, Label), JsonOutput.Options);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal(["samples", "overall", "outputs", "skipped"], root.EnumerateObject().Select(p => p.Name));
        JsonElement overall = root.GetProperty("overall");
        Assert.Equal(["agreement", "cosine_mean", "cosine_min", "relative_l2", "sqnr_db"], overall.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.9921, overall.GetProperty("agreement").GetDouble());
        Assert.Equal(0.999, overall.GetProperty("cosine_mean").GetDouble());
        Assert.Equal(0.03, overall.GetProperty("relative_l2").GetDouble());
        JsonElement hidden = root.GetProperty("outputs")[1];
        Assert.Equal(["name", "agreement", "cosine_mean", "cosine_min", "relative_l2", "sqnr_db"], hidden.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, hidden.GetProperty("agreement").ValueKind);
        Assert.Equal("label", root.GetProperty("skipped")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void IdenticalOutputsShowInfinityAsANamedLiteralThatReadsBack()
    {
        FidelityResult same = FidelityResult.Of([new OutputFidelity("logits", new FidelityMeasures(5, 5, 1, 1, 0, double.PositiveInfinity))]);
        string json = JsonSerializer.Serialize(FidelityReport.From(same, []), JsonOutput.Options);
        Assert.Contains("\"sqnr_db\": \"Infinity\"", json);
        FidelityReport back = JsonSerializer.Deserialize<FidelityReport>(json, JsonOutput.Options)!;
        Assert.Equal(double.PositiveInfinity, back.Overall.SqnrDb);
    }

    [Fact]
    public void TextShowsTheWorstThenEachOutputThenWhatWasLeftOut()
    {
        Assert.Equal(
        [
            "fidelity (worst of 2 outputs) on 10000 test samples: top-1 agreement 99.21%, cosine mean 0.999000 (min 0.980110), relative L2 0.0300 (SQNR 30.46 dB)",
            "  'logits': top-1 agreement 99.21%, cosine mean 0.999620 (min 0.980110), relative L2 0.0276 (SQNR 31.18 dB)",
            "  'hidden': cosine mean 0.999000 (min 0.990000), relative L2 0.0300 (SQNR 30.46 dB)",
            "  not compared: 'label' (int64: not a floating-point output)",
        ], FidelityText.Lines(FidelityReport.From(TwoOutputs, Label)));
    }

    [Fact]
    public void TextOfOneOutputIsOneLineAndSaysWhenOutputsAreIdentical()
    {
        FidelityResult same = FidelityResult.Of([new OutputFidelity("logits", new FidelityMeasures(20_000, 20_000, 1, 1, 0, double.PositiveInfinity))]);
        Assert.Equal(
            ["fidelity of 'logits' on 20000 test samples: top-1 agreement 100.00%, cosine mean 1.000000 (min 1.000000), relative L2 0.0000 (SQNR inf dB: identical outputs)"],
            FidelityText.Lines(FidelityReport.From(same, [])));
    }

    [Fact]
    public void AgreementJustBelowAllNeverReadsAsAHundredPercent()
    {
        FidelityResult almost = FidelityResult.Of([new OutputFidelity("logits", new FidelityMeasures(100_000, 99_999, 1, 0.9, 0.01, 40))]);
        Assert.StartsWith("fidelity of 'logits' on 100000 test samples: top-1 agreement 99.999%,", FidelityText.Lines(FidelityReport.From(almost, []))[0]);
    }
}
