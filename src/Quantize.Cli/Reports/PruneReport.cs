namespace Quantize.Cli.Reports;

/// <summary>What <c>prune</c> reports: per tensor and in all how much was kept, and test accuracy before, pruned and after retraining.</summary>
public sealed record PruneReport(string Model, string Output, string Data, double? Ratio, int RetrainEpochs, int TrainingImages,
    IReadOnlyList<PrunedTensorReport> Tensors, long Parameters, long Kept, double KeptFraction,
    double AccuracyBefore, double AccuracyPruned, double? AccuracyRetrained)
{
    public void WriteText(TextWriter writer)
    {
        foreach (PrunedTensorReport t in Tensors)
            writer.WriteLine($"{t.Name,-24} {t.Kept,9:N0} / {t.Parameters,9:N0} kept ({100 * t.KeptFraction:F2}%)" +
                             (RetrainEpochs > 0 && !t.Retrained ? " - a constant in the graph: pruned, not retrained" : ""));
        writer.WriteLine($"{"total",-24} {Kept,9:N0} / {Parameters,9:N0} kept ({100.0 * Kept / Parameters:F2}%)");
        writer.WriteLine($"test accuracy: {AccuracyBefore:F2}% before, {AccuracyPruned:F2}% pruned" +
                         (AccuracyRetrained == null ? "" : $", {AccuracyRetrained:F2}% after {RetrainEpochs} retraining epoch(s)"));
        writer.WriteLine($"wrote {Output}");
    }
}
