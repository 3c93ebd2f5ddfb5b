namespace Quantize.Torch.Pruning;

/// <summary>A pruning request that cannot be met as written (a bad ratio, an unknown or unprunable tensor).</summary>
public sealed class PruningSpecException(string message) : Exception(message);
