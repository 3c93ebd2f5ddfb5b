namespace Quantize.Torch.FineTuning;

/// <summary>The fine-tuned shared values (codebooks in the input's order) and the mean training loss of each epoch.</summary>
public sealed record FineTuningResult(IReadOnlyList<float[]> Centers, IReadOnlyList<double> EpochLosses);
