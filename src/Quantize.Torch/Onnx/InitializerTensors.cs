using System.Runtime.InteropServices;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Onnx;

/// <summary>
/// Turns ONNX tensors (initializers, Constant values) into torch tensors of the matching element type;
/// floating-point ones of every width become float32, the one floating type execution computes in.
/// </summary>
static class InitializerTensors
{
    public static Tensor Create(TensorProto proto)
    {
        long[] dims = proto.Dims.ToArray();
        switch ((DataType)proto.DataType)
        {
            case DataType.Float or DataType.Float16 or DataType.Bfloat16 or DataType.Double:
                return tensor(TensorData.ReadFloats(proto), dims);
            case DataType.Int64:
                return tensor(Values(proto, dims, p => p.Int64Data.ToArray()), dims);
            case DataType.Int32:
                return tensor(Values(proto, dims, p => p.Int32Data.ToArray()), dims);
            // QDQ models' quantized weights and zero points; without raw data, ONNX keeps them one per int32 entry.
            case DataType.Uint8:
                return tensor(Values(proto, dims, p => p.Int32Data.Select(v => (byte)v).ToArray()), dims);
            case DataType.Int8:
                return tensor(Values(proto, dims, p => p.Int32Data.Select(v => (sbyte)v).ToArray()), dims);
            case DataType.Bool:
                // Without raw data, ONNX keeps bools (like other narrow types) one per int32 entry.
                bool[] flags = proto.HasRawData
                    ? Values<byte>(proto, dims, _ => []).Select(b => b != 0).ToArray()
                    : Values(proto, dims, p => p.Int32Data.Select(v => v != 0).ToArray());
                return tensor(flags, dims);
            default:
                throw new OnnxExecutionException($"tensor '{proto.Name}' has data type {(DataType)proto.DataType}, which execution does not support yet");
        }
    }

    static T[] Values<T>(TensorProto proto, long[] dims, Func<TensorProto, T[]> typed) where T : struct
    {
        T[] values = proto.HasRawData ? MemoryMarshal.Cast<byte, T>(proto.RawData.Span).ToArray() : typed(proto);
        if (values.LongLength != TensorData.ElementCount(dims))
            throw new OnnxFormatException($"tensor '{proto.Name}' has {values.Length} values for shape [{string.Join(",", dims)}]");
        return values;
    }
}
