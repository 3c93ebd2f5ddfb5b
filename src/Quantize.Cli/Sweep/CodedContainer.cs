using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Sweep;

/// <summary>One coding of a unit's quantization: the container as it would be written, and the model decoded back from its bytes.</summary>
public sealed record CodedContainer(SymbolCoding Coding, NqzBody? Body, long Bytes, ModelProto? Restored, string? Error);
