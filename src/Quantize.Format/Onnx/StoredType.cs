using Quantize.Format.Onnx.Proto;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Format.Onnx;

/// <summary>
/// How the ONNX spec stores one element type: bytes per element in raw_data (4-bit types pack two to a byte) and which
/// typed field holds the values otherwise, with how many entries per element (complex numbers take two).
/// </summary>
readonly record struct StoredType(int Code, int Bits, Field TypedField, int EntriesPerElement)
{
    public string Name => Enum.IsDefined((DataType)Code) ? ((DataType)Code).ToString().ToUpperInvariant() : $"type {Code}";

    public static StoredType Of(int code) => code switch
    {
        (int)DataType.Float => new(code, 32, Field.Float, 1),
        (int)DataType.Uint8 or (int)DataType.Int8 or (int)DataType.Bool => new(code, 8, Field.Int32, 1),
        (int)DataType.Uint16 or (int)DataType.Int16 or (int)DataType.Float16 or (int)DataType.Bfloat16 => new(code, 16, Field.Int32, 1),
        (int)DataType.Int32 => new(code, 32, Field.Int32, 1),
        (int)DataType.Int64 => new(code, 64, Field.Int64, 1),
        (int)DataType.String => new(code, 0, Field.String, 1),
        (int)DataType.Double => new(code, 64, Field.Double, 1),
        (int)DataType.Uint32 => new(code, 32, Field.Uint64, 1),
        (int)DataType.Uint64 => new(code, 64, Field.Uint64, 1),
        (int)DataType.Complex64 => new(code, 64, Field.Float, 2),
        (int)DataType.Complex128 => new(code, 128, Field.Double, 2),
        >= 17 and <= 20 => new(code, 8, Field.Int32, 1),            // the float8 types
        21 or 22 or 23 => new(code, 4, Field.None, 1),                // uint4, int4, float4e2m1: packed, two to a byte
        _ => new(code, 0, Field.None, 1),
    };

    /// <summary>Bytes of raw or external data <paramref name="count"/> elements take; null where the type does not fix it.</summary>
    public long? Bytes(long count)
    {
        if (Bits == 0) return null;
        try
        {
            return Bits == 4 ? (count + 1) / 2 : checked(count * (Bits / 8));
        }
        catch (OverflowException)
        {
            return -1; // no stored data can match
        }
    }

    /// <summary>Entries of the typed field <paramref name="count"/> elements take.</summary>
    public long TypedCount(long count) => count > long.MaxValue / EntriesPerElement ? -1 : count * EntriesPerElement;

    /// <summary>Entries in the typed field this type uses; null where we do not know the type's field.</summary>
    public long? TypedValues(TensorProto tensor) => TypedField switch
    {
        Field.Float => tensor.FloatData.Count,
        Field.Int32 => tensor.Int32Data.Count,
        Field.Int64 => tensor.Int64Data.Count,
        Field.String => tensor.StringData.Count,
        Field.Double => tensor.DoubleData.Count,
        Field.Uint64 => tensor.Uint64Data.Count,
        _ => null,
    };
}

/// <summary>The typed TensorProto fields.</summary>
enum Field { None, Float, Int32, Int64, String, Double, Uint64 }
