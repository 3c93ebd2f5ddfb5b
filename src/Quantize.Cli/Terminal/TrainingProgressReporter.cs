using Quantize.Torch.Training;

namespace Quantize.Cli.Terminal;

/// <summary>
/// Shows training progress (retraining, fine-tuning) as a fraction of all batches with the epoch and its
/// running loss. Synchronous: System.Progress would post to the thread pool and report out of order.
/// </summary>
public sealed class TrainingProgressReporter(IWorkProgress progress) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) =>
        progress.Report((double)value.BatchesDone / value.BatchesTotal, $"epoch {value.Epoch}/{value.Epochs} loss {value.EpochLoss:F4}");
}
