namespace Quantize.Cli.Reports;

/// <summary>How the shared values were fine-tuned, and the mean training loss of each epoch.</summary>
public sealed record FineTuningReport(int Epochs, double LearningRate, string Aggregate, long TrainingImages, string Device,
    IReadOnlyList<double> EpochLosses)
{
    /// <summary>The seed of the batch order (<c>--fine-tune-seed</c>), so runs that differ only in it can be told apart.</summary>
    public long Seed { get; init; }
}
