using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Tests.Shared;

/// <summary>
/// Writes safetensors files of any dtype for tests, independently of the reader under test: the JSON header lists the
/// tensors in the order given (metadata first), the data follows in <c>dataOrder</c> (default: the same order), padded to
/// 8 bytes with spaces as the reference writer does. Also turns a real ONNX model's initializers into such a file of mixed
/// dtypes, and converts float32 to float16 and bfloat16 (round to nearest even) by its own arithmetic.
/// </summary>
static class SafeTensorsFixture
{
    public sealed record Tensor(string Name, string DType, long[] Shape, byte[] Bytes);

    /// <summary>A written tensor: where its bytes are in the file.</summary>
    public sealed record Placed(Tensor Tensor, long FileOffset);

    public static IReadOnlyList<Placed> Write(string path, IReadOnlyList<Tensor> tensors, IReadOnlyList<KeyValuePair<string, string>>? metadata = null,
        IReadOnlyList<int>? dataOrder = null)
    {
        (byte[] bytes, IReadOnlyList<Placed> placed) = Bytes(tensors, metadata, dataOrder);
        File.WriteAllBytes(path, bytes);
        return placed;
    }

    public static (byte[] File, IReadOnlyList<Placed> Placed) Bytes(IReadOnlyList<Tensor> tensors, IReadOnlyList<KeyValuePair<string, string>>? metadata = null,
        IReadOnlyList<int>? dataOrder = null)
    {
        int[] order = dataOrder?.ToArray() ?? Enumerable.Range(0, tensors.Count).ToArray();
        var begins = new long[tensors.Count];
        long offset = 0;
        foreach (int i in order)
        {
            begins[i] = offset;
            offset += tensors[i].Bytes.Length;
        }
        var header = new JsonObject();
        if (metadata != null)
        {
            var map = new JsonObject();
            foreach ((string key, string value) in metadata) map[key] = value;
            header["__metadata__"] = map;
        }
        for (int i = 0; i < tensors.Count; i++)
            header[tensors[i].Name] = new JsonObject
            {
                ["dtype"] = tensors[i].DType,
                ["shape"] = new JsonArray(tensors[i].Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(begins[i], begins[i] + tensors[i].Bytes.Length),
            };
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        json.CopyTo(file, 8);
        file.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        var placed = new List<Placed>();
        for (int i = 0; i < tensors.Count; i++)
        {
            tensors[i].Bytes.CopyTo(file, 8 + padded + begins[i]);
            placed.Add(new Placed(tensors[i], 8 + padded + begins[i]));
        }
        return (file, placed);
    }

    public static Tensor Float(string name, string dtype, long[] shape, float[] values) => new(name, dtype, shape, Encode(dtype, values));

    public static Tensor Int64(string name, long[] shape, long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        return new Tensor(name, "I64", shape, bytes);
    }

    /// <summary>float32 values as the bytes of a floating dtype, rounded to it (float16, bfloat16: to nearest even).</summary>
    public static byte[] Encode(string dtype, ReadOnlySpan<float> values)
    {
        int size = dtype switch { "F64" => 8, "F32" => 4, _ => 2 };
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> at = bytes.AsSpan(i * size);
            switch (dtype)
            {
                case "F64": BinaryPrimitives.WriteDoubleLittleEndian(at, values[i]); break;
                case "F32": BinaryPrimitives.WriteSingleLittleEndian(at, values[i]); break;
                case "F16": BinaryPrimitives.WriteHalfLittleEndian(at, (Half)values[i]); break;
                case "BF16": BinaryPrimitives.WriteUInt16LittleEndian(at, ToBFloat16(values[i])); break;
                default: throw new ArgumentException($"not a floating dtype: {dtype}");
            }
        }
        return bytes;
    }

    /// <summary>The float32 values of a floating dtype's bytes.</summary>
    public static float[] Decode(string dtype, ReadOnlySpan<byte> bytes)
    {
        int size = dtype switch { "F64" => 8, "F32" => 4, _ => 2 };
        var values = new float[bytes.Length / size];
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> at = bytes[(i * size)..];
            values[i] = dtype switch
            {
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(at),
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(at),
                "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(at),
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(at) << 16),
            };
        }
        return values;
    }

    // Round to nearest, ties to even, on the 16 bits dropped (finite values only: the fixtures hold no NaN).
    static ushort ToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint lower = bits & 0xFFFF, upper = bits >> 16;
        if (lower > 0x8000 || (lower == 0x8000 && (upper & 1) == 1)) upper++;
        return (ushort)upper;
    }

    /// <summary>
    /// The initializers of a real ONNX model as safetensors tensors of mixed dtypes: floating ones in turn F32, F16 and
    /// BF16 (the first 1-D one F64), integer ones as I64; then a float32 scalar and an int64 table, which must stay exact.
    /// </summary>
    public static List<Tensor> FromOnnx(ModelProto model)
    {
        var tensors = new List<Tensor>();
        int floating = 0;
        bool wroteDouble = false;
        foreach (TensorProto initializer in model.Graph.Initializer)
        {
            long[] shape = initializer.Dims.ToArray();
            if (TensorData.IsFloating(initializer))
            {
                string dtype = !wroteDouble && shape.Length == 1 ? "F64" : (floating++ % 3) switch { 0 => "F32", 1 => "F16", _ => "BF16" };
                wroteDouble |= dtype == "F64";
                tensors.Add(Float(initializer.Name, dtype, shape, TensorData.ReadFloats(initializer)));
            }
            else if (initializer.DataType == (int)TensorProto.Types.DataType.Int64)
                tensors.Add(Int64(initializer.Name, shape, initializer.HasRawData
                    ? Enumerable.Range(0, initializer.RawData.Length / 8).Select(i => BinaryPrimitives.ReadInt64LittleEndian(initializer.RawData.Span[(i * 8)..])).ToArray()
                    : initializer.Int64Data.ToArray()));
        }
        tensors.Add(Float("extra.temperature", "F32", [], [0.7f]));
        tensors.Add(Int64("extra.position_ids", [1, 6], [0, 1, 2, 3, 4, 5]));
        return tensors;
    }

    /// <summary>Header order by name (as a sorted writer would), data order as given: the two orders differ, and both must come back.</summary>
    public static (List<Tensor> ByName, int[] DataOrder) NameOrdered(IReadOnlyList<Tensor> tensors)
    {
        List<Tensor> byName = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        return (byName, tensors.Select(t => byName.IndexOf(t)).ToArray());
    }
}
