namespace Quantize.Data.NumPy;

/// <summary>The NumPy element types we read (the dtype's kind and size; byte order is normalised on reading).</summary>
public enum NpyElementType
{
    Bool,
    UInt8,
    Int32,
    Int64,
    Float16,
    Float32,
    Float64,
}

public static class NpyElementTypes
{
    public static int Size(this NpyElementType type) => type switch
    {
        NpyElementType.Bool or NpyElementType.UInt8 => 1,
        NpyElementType.Float16 => 2,
        NpyElementType.Int32 or NpyElementType.Float32 => 4,
        _ => 8,
    };

    public static bool IsFloating(this NpyElementType type) =>
        type is NpyElementType.Float16 or NpyElementType.Float32 or NpyElementType.Float64;

    /// <summary>NumPy's name for the type ("float32", "int64", "bool"), as users see it in their scripts.</summary>
    public static string NumPyName(this NpyElementType type) => type switch
    {
        NpyElementType.Bool => "bool",
        NpyElementType.UInt8 => "uint8",
        NpyElementType.Int32 => "int32",
        NpyElementType.Int64 => "int64",
        NpyElementType.Float16 => "float16",
        NpyElementType.Float32 => "float32",
        _ => "float64",
    };

    /// <summary>The type of a dtype string such as "&lt;f4", "&gt;i8", "|b1"; whether its bytes are big-endian.</summary>
    internal static (NpyElementType Type, bool BigEndian)? Parse(string descr)
    {
        if (descr.Length < 3) return null;
        char order = descr[0];
        if (order is not ('<' or '>' or '|' or '=')) return null;
        NpyElementType? type = descr[1..] switch
        {
            "b1" => NpyElementType.Bool,
            "u1" => NpyElementType.UInt8,
            "i4" => NpyElementType.Int32,
            "i8" => NpyElementType.Int64,
            "f2" => NpyElementType.Float16,
            "f4" => NpyElementType.Float32,
            "f8" => NpyElementType.Float64,
            _ => null,
        };
        if (type == null) return null;
        // '|' (not applicable) is only valid for one-byte types; '=' is native, little-endian on every machine we run on.
        if (order == '|' && type.Value.Size() != 1) return null;
        return (type.Value, order == '>' && type.Value.Size() > 1);
    }
}
