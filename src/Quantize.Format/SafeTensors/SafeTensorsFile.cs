using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quantize.Format.IO;
using Quantize.Format.Onnx;

namespace Quantize.Format.SafeTensors;

/// <summary>
/// Reads and writes float32 tensors in the safetensors layout (Hugging Face): an 8-byte little-endian
/// header length, a JSON header mapping each name to dtype, shape and byte offsets (plus an optional
/// "__metadata__" map of strings), then the little-endian data. Python, Rust and PyTorch tools read it.
/// </summary>
public static class SafeTensorsFile
{
    const string MetadataKey = "__metadata__";
    const long MaxHeaderBytes = 100_000_000;

    public static void Write(string path, IReadOnlyList<ParameterTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.Write(path, stream => Write(stream, tensors, metadata));

    public static void Write(Stream stream, IReadOnlyList<ParameterTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var map = new JsonObject();
            foreach ((string key, string value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) map[key] = value;
            header[MetadataKey] = map;
        }
        long offset = 0;
        foreach (ParameterTensor tensor in tensors)
        {
            long bytes = tensor.ElementCount * sizeof(float);
            header[tensor.Name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(tensor.Dims.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (json.Length + 7) / 8 * 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
        stream.Write(length);
        stream.Write(json);
        for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        Span<byte> scratch = stackalloc byte[4];
        foreach (ParameterTensor tensor in tensors)
        {
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(tensor.Values.AsSpan()));
                continue;
            }
            foreach (float value in tensor.Values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(scratch, value);
                stream.Write(scratch);
            }
        }
    }

    public static SafeTensorsContent Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"tensor file not found: {path}", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    public static SafeTensorsContent Parse(byte[] file, string description)
    {
        SafeTensorsFormatException Bad(string problem) => new($"{description} is not a valid safetensors file: {problem}");
        if (file.Length < 8) throw Bad("shorter than its 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(file.Length - 8) || headerLength > MaxHeaderBytes) throw Bad($"declares a {headerLength}-byte header in a {file.Length}-byte file");
        int dataStart = 8 + (int)headerLength;
        long dataLength = file.Length - dataStart;

        JsonObject header = SafeTensorsJson.ParseObject(file.AsSpan(8, (int)headerLength), Bad);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<ParameterTensor>();
        foreach ((string name, JsonNode? node) in header)
        {
            try
            {
                if (name == MetadataKey)
                {
                    foreach ((string key, JsonNode? value) in node!.AsObject()) metadata[key] = value!.GetValue<string>();
                    continue;
                }
                JsonObject entry = node!.AsObject();
                string dtype = entry["dtype"]!.GetValue<string>();
                long[] shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                long[] offsets = entry["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw Bad($"tensor '{name}' has data offsets outside the file");
                long count = TensorData.ElementCount(shape);
                tensors.Add(new ParameterTensor(name, shape, Decode(dtype, file.AsSpan(dataStart + (int)offsets[0], (int)(offsets[1] - offsets[0])), count, name, Bad)));
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or OnnxFormatException or OverflowException)
            {
                throw Bad($"malformed entry '{name}' ({e.Message})");
            }
        }
        return new SafeTensorsContent(tensors, metadata);
    }

    static float[] Decode(string dtype, ReadOnlySpan<byte> bytes, long count, string name, Func<string, SafeTensorsFormatException> bad)
    {
        // I64: PyTorch state dicts hold BatchNorm's step counter "num_batches_tracked" as int64.
        int size = dtype switch { "F32" => 4, "F64" or "I64" => 8, _ => throw bad($"tensor '{name}' has dtype {dtype}; F32, F64 and I64 are read") };
        if (bytes.Length != count * size) throw bad($"tensor '{name}' has {bytes.Length} bytes for {count} {dtype} values");
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
            values[i] = dtype switch
            {
                "F32" => BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]),
                "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]),
                _ => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
            };
        return values;
    }
}
