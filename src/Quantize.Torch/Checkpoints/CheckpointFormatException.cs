namespace Quantize.Torch.Checkpoints;

/// <summary>A checkpoint file that cannot be read, or whose tensors do not fit the architecture.</summary>
public sealed class CheckpointFormatException(string message, Exception? inner = null) : Exception(message, inner);
