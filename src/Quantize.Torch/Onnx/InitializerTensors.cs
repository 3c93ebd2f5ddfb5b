using System.Runtime.InteropServices;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx;

/// <summary>Turns ONNX initializers into torch tensors (float32 for learned values, int64 for shapes and indices).</summary>
static class InitializerTensors
{
    public static Tensor Create(TensorProto proto)
    {
        long[] dims = proto.Dims.ToArray();
        switch ((TensorProto.Types.DataType)proto.DataType)
        {
            case TensorProto.Types.DataType.Float:
                return tensor(TensorData.ReadFloats(proto), dims);
            case TensorProto.Types.DataType.Int64:
                long[] longs = proto.HasRawData ? MemoryMarshal.Cast<byte, long>(proto.RawData.Span).ToArray() : proto.Int64Data.ToArray();
                if (longs.LongLength != TensorData.ElementCount(dims)) throw new OnnxFormatException($"tensor '{proto.Name}' has {longs.Length} values for its shape");
                return tensor(longs, dims);
            case TensorProto.Types.DataType.Int32:
                int[] ints = proto.HasRawData ? MemoryMarshal.Cast<byte, int>(proto.RawData.Span).ToArray() : proto.Int32Data.ToArray();
                if (ints.LongLength != TensorData.ElementCount(dims)) throw new OnnxFormatException($"tensor '{proto.Name}' has {ints.Length} values for its shape");
                return tensor(ints, dims);
            default:
                throw new OnnxExecutionException($"initializer '{proto.Name}' has data type {proto.DataType}, which execution does not support yet");
        }
    }
}
