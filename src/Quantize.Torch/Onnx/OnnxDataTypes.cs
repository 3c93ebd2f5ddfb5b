using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Onnx;

/// <summary>The ONNX element types execution supports and their torch counterparts.</summary>
static class OnnxDataTypes
{
    public static ScalarType ToTorch(long onnxType, string what) => (DataType)onnxType switch
    {
        DataType.Float => ScalarType.Float32,
        DataType.Double => ScalarType.Float64,
        DataType.Int64 => ScalarType.Int64,
        DataType.Int32 => ScalarType.Int32,
        DataType.Int8 => ScalarType.Int8,
        DataType.Uint8 => ScalarType.Byte,
        DataType.Bool => ScalarType.Bool,
        _ => throw new OnnxExecutionException($"{what} has ONNX data type {(DataType)onnxType}, which execution does not support"),
    };
}
