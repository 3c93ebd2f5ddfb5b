using Quantize.Core.Fidelity;

namespace Quantize.Torch.Evaluation;

/// <summary>
/// What one evaluation of a restored (quantized, fine-tuned) model against its original found on a test split:
/// top-1 accuracy of both on <see cref="AccuracyOutput"/> when the data has labels and that output is class scores
/// (null otherwise), fidelity of every measured output and overall, and the outputs left out with the reason.
/// </summary>
public sealed record QualityResult(
    AccuracyResult? OriginalAccuracy,
    AccuracyResult? RestoredAccuracy,
    string? AccuracyOutput,
    FidelityResult Fidelity,
    IReadOnlyList<SkippedOutput> Skipped)
{
    /// <summary>Original − restored top-1 accuracy in points; null where accuracy was not measured.</summary>
    public double? AccuracyDrop => OriginalAccuracy is { } original && RestoredAccuracy is { } restored ? original.Percent - restored.Percent : null;
}
