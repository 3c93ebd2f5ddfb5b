namespace Quantize.Cli.Inspect;

/// <summary>
/// One initializer of an ONNX graph (or weight of a Constant node; subgraph ones named by their path, docs/onnx.md).
/// Sparsity is null when it cannot be read here: not floating point, stored in
/// an external file, or (in a container's skeleton) left without data because the container codes it;
/// <see cref="HasData"/> tells that last case apart.
/// </summary>
public sealed record InitializerEntry(string Name, long[] Shape, string Dtype, long Elements, double? Sparsity, bool External, bool HasData);
