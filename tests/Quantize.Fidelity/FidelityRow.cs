using System.Globalization;

namespace Quantize.Fidelity;

/// <summary>One line of the harness's Markdown table.</summary>
sealed record FidelityRow(string Model, string Options, double Ratio, double MinCosine, double MeanCosine, string WorstOutput, string WorstTensors)
{
    public const string Header =
        "| model | options | ratio | min cosine | mean cosine | worst output | lowest-SQNR tensors (dB) |\n" +
        "|---|---|---:|---:|---:|---|---|";

    public string ToMarkdown() => string.Create(CultureInfo.InvariantCulture,
        $"| {Model} | {Options} | {Ratio:F2}x | {MinCosine:F4} | {MeanCosine:F4} | {WorstOutput} | {WorstTensors} |");

    public static FidelityRow Failed(string model, string options, string why) =>
        new(model, options, double.NaN, double.NaN, double.NaN, "", "failed: " + why.Replace('|', '/').ReplaceLineEndings(" "));
}
