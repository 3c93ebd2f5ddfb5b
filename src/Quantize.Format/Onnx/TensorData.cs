using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Quantize.Format.Onnx.Proto;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Format.Onnx;

/// <summary>
/// Moves floating-point values in and out of ONNX TensorProtos. Quantizers see float32 whatever the
/// stored type (float16, bfloat16 and double convert on read) and writing back restores the stored
/// type. raw_data is little endian by the spec.
/// </summary>
public static class TensorData
{
    public static bool IsFloat32(TensorProto tensor) => tensor.DataType == (int)DataType.Float;

    public static bool IsFloating(TensorProto tensor) => FloatingTypes.Contains(tensor.DataType);

    public static long ElementCount(IEnumerable<long> dims)
    {
        long count = 1;
        foreach (long dim in dims)
        {
            if (dim < 0) throw new OnnxFormatException($"negative dimension {dim}");
            // A malformed file, not an arithmetic fault: found by fuzzing a container whose skeleton declared such a shape.
            if (dim != 0 && count > long.MaxValue / dim) throw new OnnxFormatException("shape whose dimensions multiply to more than 2^63 elements");
            count *= dim;
        }
        return count;
    }

    public static float[] ReadFloats(TensorProto tensor)
    {
        if (!IsFloating(tensor))
            throw new OnnxFormatException($"tensor '{tensor.Name}' has data type {tensor.DataType}, expected a floating-point type");
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
            throw new OnnxFormatException($"tensor '{tensor.Name}' keeps its data in an external file that was not read (load the model from its file)");
        long count = ElementCount(tensor.Dims);
        return tensor.HasRawData ? ReadRaw(tensor, count) : ReadTyped(tensor, count);
    }

    static float[] ReadRaw(TensorProto tensor, long count)
    {
        int size = FloatingTypes.ElementBytes(tensor.DataType);
        ReadOnlySpan<byte> raw = tensor.RawData.Span;
        if (raw.Length != count * size)
            throw new OnnxFormatException($"tensor '{tensor.Name}' has {raw.Length} bytes of data for {count} {FloatingTypes.Name(tensor.DataType)} values");
        var values = new float[count];
        switch ((DataType)tensor.DataType)
        {
            case DataType.Float when BitConverter.IsLittleEndian:
                raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
                break;
            case DataType.Float:
                for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                break;
            case DataType.Float16:
                for (int i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(i * 2)..]);
                break;
            case DataType.Bfloat16:
                for (int i = 0; i < values.Length; i++) values[i] = BFloat16Bits.ToFloat(BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]));
                break;
            default:
                for (int i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
                break;
        }
        return values;
    }

    // The typed fields: float_data, double_data, and int32_data for 16-bit types (one value in the low bits of each).
    static float[] ReadTyped(TensorProto tensor, long count)
    {
        int stored = (DataType)tensor.DataType switch
        {
            DataType.Float => tensor.FloatData.Count,
            DataType.Double => tensor.DoubleData.Count,
            _ => tensor.Int32Data.Count,
        };
        if (stored != count)
            throw new OnnxFormatException($"tensor '{tensor.Name}' has {stored} {FloatingTypes.Name(tensor.DataType)} values for shape [{string.Join(",", tensor.Dims)}]");
        return (DataType)tensor.DataType switch
        {
            DataType.Float => tensor.FloatData.ToArray(),
            DataType.Double => tensor.DoubleData.Select(d => (float)d).ToArray(),
            DataType.Float16 => tensor.Int32Data.Select(b => (float)BitConverter.UInt16BitsToHalf((ushort)b)).ToArray(),
            _ => tensor.Int32Data.Select(b => BFloat16Bits.ToFloat((ushort)b)).ToArray(),
        };
    }

    /// <summary>Stores values as float32 raw_data (the compact form every exporter uses), clearing other payloads.</summary>
    public static void WriteFloats(TensorProto tensor, ReadOnlySpan<float> values)
    {
        tensor.DataType = (int)DataType.Float;
        WriteValues(tensor, values);
    }

    /// <summary>Stores values as raw_data in the tensor's own floating type (rounding to it), clearing other payloads.</summary>
    public static void WriteValues(TensorProto tensor, ReadOnlySpan<float> values)
    {
        if (!IsFloating(tensor))
            throw new OnnxFormatException($"tensor '{tensor.Name}' has data type {tensor.DataType}, expected a floating-point type");
        var bytes = new byte[checked(values.Length * FloatingTypes.ElementBytes(tensor.DataType))];
        Encode(tensor.DataType, values, bytes);
        ClearData(tensor);
        // The array is ours alone, so wrapping it saves a second copy of every weight.
        tensor.RawData = UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>The raw_data bytes of <paramref name="values"/> in a floating type (rounded to it), into <paramref name="destination"/> (element size × count bytes).</summary>
    public static void Encode(int dataType, ReadOnlySpan<float> values, Span<byte> destination)
    {
        switch ((DataType)dataType)
        {
            case DataType.Float when BitConverter.IsLittleEndian:
                MemoryMarshal.AsBytes(values).CopyTo(destination);
                break;
            case DataType.Float:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], values[i]);
                break;
            case DataType.Float16:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)values[i]);
                break;
            case DataType.Bfloat16:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], BFloat16Bits.FromFloat(values[i]));
                break;
            case DataType.Double:
                for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(destination[(i * 8)..], values[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "not a floating-point ONNX type");
        }
    }

    /// <summary>Removes every payload, inline or external; name, type and shape stay.</summary>
    public static void ClearData(TensorProto tensor)
    {
        tensor.FloatData.Clear();
        tensor.DoubleData.Clear();
        tensor.Int32Data.Clear();
        tensor.ClearRawData();
        tensor.ExternalData.Clear();
        tensor.ClearDataLocation();
    }
}
