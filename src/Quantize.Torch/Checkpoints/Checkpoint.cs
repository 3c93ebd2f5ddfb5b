using Quantize.Format.Onnx;

namespace Quantize.Torch.Checkpoints;

/// <summary>A state dictionary read from a checkpoint file, with the file's string metadata (safetensors only).</summary>
public sealed record Checkpoint(IReadOnlyList<ParameterTensor> Tensors, IReadOnlyDictionary<string, string> Metadata);
