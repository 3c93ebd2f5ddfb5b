using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>Moves float32 values in and out of ONNX TensorProtos (raw_data is little endian by the spec).</summary>
public static class TensorData
{
    public static bool IsFloat32(TensorProto tensor) => tensor.DataType == (int)TensorProto.Types.DataType.Float;

    public static long ElementCount(IEnumerable<long> dims)
    {
        long count = 1;
        foreach (long dim in dims)
        {
            if (dim < 0) throw new OnnxFormatException($"negative dimension {dim}");
            count = checked(count * dim);
        }
        return count;
    }

    public static float[] ReadFloats(TensorProto tensor)
    {
        if (!IsFloat32(tensor))
            throw new OnnxFormatException($"tensor '{tensor.Name}' has data type {tensor.DataType}, expected float32");
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new OnnxFormatException($"tensor '{tensor.Name}' keeps its data in an external file, which this version does not read");
        long count = ElementCount(tensor.Dims);
        if (tensor.HasRawData)
        {
            ReadOnlySpan<byte> raw = tensor.RawData.Span;
            if (raw.Length != count * sizeof(float))
                throw new OnnxFormatException($"tensor '{tensor.Name}' has {raw.Length} bytes of data for {count} float32 values");
            var values = new float[count];
            if (BitConverter.IsLittleEndian) raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            else for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
            return values;
        }
        if (tensor.FloatData.Count != count)
            throw new OnnxFormatException($"tensor '{tensor.Name}' has {tensor.FloatData.Count} float values for shape [{string.Join(",", tensor.Dims)}]");
        return tensor.FloatData.ToArray();
    }

    /// <summary>Stores values as raw_data (the compact form every exporter uses), clearing other payloads.</summary>
    public static void WriteFloats(TensorProto tensor, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(bytes);
        else for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        tensor.FloatData.Clear();
        // The array is ours alone, so wrapping it saves a second copy of every weight.
        tensor.RawData = UnsafeByteOperations.UnsafeWrap(bytes);
        tensor.DataType = (int)TensorProto.Types.DataType.Float;
    }

    public static void ClearData(TensorProto tensor)
    {
        tensor.FloatData.Clear();
        tensor.ClearRawData();
    }
}
