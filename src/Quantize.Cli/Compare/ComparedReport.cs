using Quantize.Cli.Reports;

namespace Quantize.Cli.Compare;

/// <summary>One <c>compress --json</c> report with the label its table row shows.</summary>
public sealed record ComparedReport(string Label, string Path, CompressionReport Report)
{
    /// <summary>Accuracy the container delivers: fine-tuned when fine-tuning ran, else quantized.</summary>
    public double? FinalAccuracy => Report.Accuracy.FineTuned ?? Report.Accuracy.Quantized;

    /// <summary>Parameters that get a codeword (all of them unless the model was pruned).</summary>
    public long KeptParameters => Report.Layers.Sum(l => l.Kept);

    /// <summary>The same compression fine-tuned with other seeds (<c>compare --seed-runs</c>), in seed order; empty when not asked for.</summary>
    public IReadOnlyList<CompressionReport> OtherSeeds { get; init; } = [];
}
