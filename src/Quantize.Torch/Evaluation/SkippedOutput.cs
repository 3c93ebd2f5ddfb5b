namespace Quantize.Torch.Evaluation;

/// <summary>A graph output fidelity does not measure, and why (e.g. "int64: not a floating-point output").</summary>
public sealed record SkippedOutput(string Name, string Reason);
