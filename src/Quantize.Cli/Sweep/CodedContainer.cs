using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Sweep;

/// <summary>One coding of a unit's quantization: the container file as compress would write it, and the model decoded back from its bytes.</summary>
public sealed record CodedContainer(SymbolCoding Coding, NqzBody? Body, byte[] File, ModelProto? Restored, string? Error)
{
    public long Bytes => File.LongLength;
}
