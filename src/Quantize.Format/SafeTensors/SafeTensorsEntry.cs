using Quantize.Format.Onnx;

namespace Quantize.Format.SafeTensors;

/// <summary>One tensor of a safetensors header: its dtype, shape and byte range [Begin, End) in the file's data area.</summary>
public sealed record SafeTensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => TensorData.ElementCount(Shape);

    public long ByteLength => End - Begin;

    public string ShapeText => Shape.Length == 0 ? "scalar" : string.Join("x", Shape);
}
