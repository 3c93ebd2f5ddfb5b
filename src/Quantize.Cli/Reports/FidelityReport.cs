using System.Text.Json.Serialization;
using Quantize.Core.Fidelity;
using Quantize.Torch.Evaluation;

namespace Quantize.Cli.Reports;

/// <summary>
/// The <c>fidelity</c> object of a report: how closely the compressed model's outputs follow the original's on the
/// test split. <see cref="Overall"/> is the worst output on each measure, so a gate on it holds for every output.
/// <code>
/// "fidelity": {
///   "samples": 10000,
///   "overall": { "agreement": 0.9921, "cosine_mean": 0.99962, "cosine_min": 0.98011, "relative_l2": 0.0276, "sqnr_db": 31.18 },
///   "outputs": [ { "name": "logits", "agreement": 0.9921, "cosine_mean": 0.99962, "cosine_min": 0.98011, "relative_l2": 0.0276, "sqnr_db": 31.18 } ],
///   "skipped": [ { "name": "label", "reason": "int64: not a floating-point output" } ]
/// }
/// </code>
/// </summary>
public sealed record FidelityReport(long Samples, FidelityFigures Overall, IReadOnlyList<OutputFidelityReport> Outputs, IReadOnlyList<SkippedOutputReport> Skipped)
{
    public static FidelityReport From(FidelityResult fidelity, IReadOnlyList<SkippedOutput> skipped)
    {
        ArgumentNullException.ThrowIfNull(fidelity);
        ArgumentNullException.ThrowIfNull(skipped);
        return new FidelityReport(fidelity.Overall.Samples, FidelityFigures.From(fidelity.Overall),
            fidelity.Outputs.Select(OutputFidelityReport.From).ToList(), skipped.Select(s => new SkippedOutputReport(s.Name, s.Reason)).ToList())
        {
            Measures = fidelity.Overall,
        };
    }

    /// <summary>The overall measures as computed, for the gates (not written: <see cref="Overall"/> says the same).</summary>
    [JsonIgnore]
    public FidelityMeasures? Measures { get; init; }

    public static FidelityReport From(QualityResult quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        return From(quality.Fidelity, quality.Skipped);
    }
}
