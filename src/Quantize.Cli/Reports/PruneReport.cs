namespace Quantize.Cli.Reports;

/// <summary>
/// What <c>prune</c> reports: per tensor and in all how much was kept, and test accuracy before, pruned at once and after
/// retraining (or gradual pruning); with --allocate, each layer's sensitivity; with --schedule polynomial, each mask update.
/// </summary>
public sealed record PruneReport(string Model, string Output, string Data, double? Ratio, int RetrainEpochs, int TrainingImages,
    IReadOnlyList<PrunedTensorReport> Tensors, long Parameters, long Kept, double KeptFraction,
    double AccuracyBefore, double AccuracyPruned, double? AccuracyRetrained, GradualPruningReport? Gradual = null,
    string? Allocation = null, IReadOnlyList<LayerAllocationReport>? Layers = null)
{
    public void WriteText(TextWriter writer)
    {
        if (Layers != null)
        {
            writer.WriteLine($"sensitivity ({Allocation}) and the share each layer keeps:");
            foreach (LayerAllocationReport l in Layers) writer.WriteLine($"  {l.Name,-22} {l.Sensitivity,12:G4} keep {100 * l.Keep:F2}%");
        }
        if (Gradual != null)
            writer.WriteLine($"gradual pruning ({Gradual.Schedule}): {Gradual.Updates.Count} mask updates every {Gradual.MaskEvery} steps over {Gradual.PruneEpochs} epoch(s), " +
                             $"kept {100 * Gradual.Updates[0].KeptFraction:F2}% -> {100 * Gradual.Updates[^1].KeptFraction:F2}%");
        bool trained = RetrainEpochs > 0 || Gradual != null;
        foreach (PrunedTensorReport t in Tensors)
            writer.WriteLine($"{t.Name,-24} {t.Kept,9:N0} / {t.Parameters,9:N0} kept ({100 * t.KeptFraction:F2}%)" +
                             (trained && !t.Retrained ? " - a constant in the graph: pruned, not retrained" : ""));
        writer.WriteLine($"{"total",-24} {Kept,9:N0} / {Parameters,9:N0} kept ({100.0 * Kept / Parameters:F2}%)");
        writer.WriteLine($"test accuracy: {AccuracyBefore:F2}% before, {AccuracyPruned:F2}% pruned" +
                         (AccuracyRetrained == null ? "" : Gradual != null
                             ? $", {AccuracyRetrained:F2}% after gradual pruning over {Gradual.PruneEpochs} epoch(s) and {RetrainEpochs} more at the final masks"
                             : $", {AccuracyRetrained:F2}% after {RetrainEpochs} retraining epoch(s)"));
        writer.WriteLine($"wrote {Output}");
    }
}
