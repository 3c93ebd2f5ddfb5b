namespace Quantize.Format.SafeTensors;

/// <summary>
/// The safetensors element types this reader knows, each with its size and the ONNX data type that holds the same bytes
/// (raw_data is little endian, like safetensors). Only F64, F32, F16 and BF16 can be weights (docs/safetensors.md).
/// </summary>
public static class SafeTensorsDTypes
{
    // ONNX TensorProto.DataType codes; FLOAT8E4M3FN (17) and FLOAT8E5M2 (19) are not in our proto subset's enum.
    static readonly Dictionary<string, (int OnnxType, int Bytes)> Known = new(StringComparer.Ordinal)
    {
        ["F64"] = (11, 8), ["F32"] = (1, 4), ["F16"] = (10, 2), ["BF16"] = (16, 2),
        ["I64"] = (7, 8), ["I32"] = (6, 4), ["I16"] = (5, 2), ["I8"] = (3, 1),
        ["U64"] = (13, 8), ["U32"] = (12, 4), ["U16"] = (4, 2), ["U8"] = (2, 1),
        ["BOOL"] = (9, 1), ["F8_E4M3"] = (17, 1), ["F8_E5M2"] = (19, 1),
    };

    public static IEnumerable<string> Names => Known.Keys;

    public static bool IsKnown(string dtype) => Known.ContainsKey(dtype);

    /// <summary>Bytes per element of a known dtype.</summary>
    public static int Bytes(string dtype) => Known[dtype].Bytes;

    /// <summary>The ONNX data type of a known dtype.</summary>
    public static int OnnxType(string dtype) => Known[dtype].OnnxType;

    /// <summary>Whether tensors of this dtype can be weights: the floating types the quantizers read (8-bit floats stay exact).</summary>
    public static bool IsFloating(string dtype) => dtype is "F64" or "F32" or "F16" or "BF16";
}
