namespace Quantize.Cli.Reports;

/// <summary>How the shared values were fine-tuned, and the mean training loss of each epoch.</summary>
public sealed record FineTuningReport(int Epochs, double LearningRate, string Aggregate, long TrainingImages, string Device,
    IReadOnlyList<double> EpochLosses);
