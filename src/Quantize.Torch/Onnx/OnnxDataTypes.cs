using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Onnx;

/// <summary>
/// The ONNX element types execution supports and their torch counterparts. Every floating type maps to
/// float32, as weights do (<see cref="InitializerTensors"/>): a Cast to float16 in a half-precision export
/// keeps computing in float32 rather than mixing types.
/// </summary>
static class OnnxDataTypes
{
    public static ScalarType ToTorch(long onnxType, string what) => (DataType)onnxType switch
    {
        DataType.Float or DataType.Float16 or DataType.Bfloat16 or DataType.Double => ScalarType.Float32,
        DataType.Int64 => ScalarType.Int64,
        DataType.Int32 => ScalarType.Int32,
        DataType.Int8 => ScalarType.Int8,
        DataType.Uint8 => ScalarType.Byte,
        DataType.Bool => ScalarType.Bool,
        _ => throw new OnnxExecutionException($"{what} has ONNX data type {(DataType)onnxType}, which execution does not support"),
    };
}
