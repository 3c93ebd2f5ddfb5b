using Quantize.Format.Onnx.Proto;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Cli.Inspect;

/// <summary>ONNX tensor element types by their spec names (FLOAT, INT64, ...) and storage sizes.</summary>
static class DataTypes
{
    public static string Name(int dataType) =>
        Enum.IsDefined((DataType)dataType) ? ((DataType)dataType).ToString().ToUpperInvariant() : $"TYPE_{dataType}";

    /// <summary>Bytes per element; 0 for strings and unknown types, whose size the type does not fix.</summary>
    public static int ElementBytes(int dataType) => (DataType)dataType switch
    {
        DataType.Uint8 or DataType.Int8 or DataType.Bool => 1,
        DataType.Uint16 or DataType.Int16 or DataType.Float16 or DataType.Bfloat16 => 2,
        DataType.Float or DataType.Int32 or DataType.Uint32 => 4,
        DataType.Double or DataType.Int64 or DataType.Uint64 or DataType.Complex64 => 8,
        DataType.Complex128 => 16,
        _ => 0,
    };

    public static bool IsFloatingPoint(int dataType) =>
        (DataType)dataType is DataType.Float or DataType.Float16 or DataType.Double or DataType.Bfloat16;

    public static bool IsExternal(TensorProto tensor) => tensor.DataLocation == TensorProto.Types.DataLocation.External;
}
