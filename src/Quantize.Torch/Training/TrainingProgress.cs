namespace Quantize.Torch.Training;

/// <summary>Where training stands: batches done out of the total, and the running mean loss of the current epoch.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, long BatchesDone, long BatchesTotal, double EpochLoss);
