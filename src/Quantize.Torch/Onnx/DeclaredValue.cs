using System.Globalization;
using Quantize.Format.Onnx.Proto;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Onnx;

/// <summary>
/// What a graph input or output declares about itself: element type (0 = not given) and shape (null = not
/// given; a null dimension is symbolic, like a batch named "N").
/// </summary>
public sealed record DeclaredValue(string Name, int ElementType, long?[]? Dims)
{
    public static DeclaredValue Of(ValueInfoProto info)
    {
        TypeProto.Types.Tensor? tensor = info.Type?.TensorType;
        long?[]? dims = tensor?.Shape?.Dim.Select(d => d.HasDimValue && d.DimValue > 0 ? d.DimValue : (long?)null).ToArray();
        string?[]? symbols = tensor?.Shape?.Dim.Select(d => d.HasDimValue && d.DimValue > 0 || string.IsNullOrEmpty(d.DimParam) ? null : d.DimParam).ToArray();
        return new DeclaredValue(info.Name, tensor?.ElemType ?? 0, dims) { Symbols = symbols };
    }

    /// <summary>Each dimension's symbol where the graph names one ("batch", "N"); null where it is fixed or unnamed.</summary>
    public string?[]? Symbols { get; init; }

    public int? Rank => Dims?.Length;

    public bool IsFloating => (DataType)ElementType is DataType.Float or DataType.Float16 or DataType.Bfloat16 or DataType.Double;

    /// <summary>Whether the element type is unknown or floating (what an image or a class score can be).</summary>
    public bool MayBeFloating => ElementType == 0 || IsFloating;

    /// <summary>The dimension at a position if it is a fixed size.</summary>
    public long? Dim(int index) => Dims != null && index < Dims.Length ? Dims[index] : null;

    /// <summary>E.g. "[N,3,32,32] float" (the batch and other symbolic sizes read N, ?).</summary>
    public string Description
    {
        get
        {
            string shape = Dims == null ? "a tensor of unknown shape"
                : "[" + string.Join(",", Dims.Select((d, i) => d?.ToString(CultureInfo.InvariantCulture) ?? (i == 0 ? "N" : "?"))) + "]";
            return ElementType == 0 ? shape : $"{shape} {TypeName(ElementType)}";
        }
    }

    static string TypeName(int type) => (DataType)type switch
    {
        DataType.Float => "float",
        DataType.Float16 => "float16",
        DataType.Bfloat16 => "bfloat16",
        DataType.Double => "double",
        var other => other.ToString().ToLowerInvariant(),
    };
}
