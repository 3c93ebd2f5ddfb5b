namespace Quantize.Torch.Training;

/// <summary>Keeps each epoch's last running mean loss (its mean over the epoch) and passes reports on.</summary>
sealed class EpochLossRecorder(IProgress<TrainingProgress>? next) : IProgress<TrainingProgress>
{
    readonly SortedDictionary<int, double> losses = new();

    /// <summary>The mean loss of each epoch reported so far, in epoch order.</summary>
    public IReadOnlyList<double> Losses => losses.Values.ToList();

    public void Report(TrainingProgress value)
    {
        losses[value.Epoch] = value.EpochLoss;
        next?.Report(value);
    }
}
