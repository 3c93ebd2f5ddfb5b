using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Format.Onnx;

/// <summary>The ONNX element types that hold real numbers, which are the ones a quantizer can work on.</summary>
public static class FloatingTypes
{
    public static bool Contains(int dataType) =>
        (DataType)dataType is DataType.Float or DataType.Float16 or DataType.Bfloat16 or DataType.Double;

    /// <summary>Bytes per element in raw_data (little endian, as the spec fixes for every type).</summary>
    public static int ElementBytes(int dataType) => (DataType)dataType switch
    {
        DataType.Float => 4,
        DataType.Float16 or DataType.Bfloat16 => 2,
        DataType.Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "not a floating-point ONNX type"),
    };

    public static string Name(int dataType) => (DataType)dataType switch
    {
        DataType.Float => "float32",
        DataType.Float16 => "float16",
        DataType.Bfloat16 => "bfloat16",
        DataType.Double => "double",
        _ => $"type {dataType}",
    };
}
