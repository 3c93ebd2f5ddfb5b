using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quantize.Format.Onnx;

namespace Quantize.Format.SafeTensors;

/// <summary>
/// The JSON header of a safetensors file, read strictly as the reference (Rust) reader does: every entry names a known
/// dtype, a shape and data offsets whose length is the element count times the dtype's size, and the entries tile the
/// data area exactly (no gap, no overlap, nothing after the last), so that writing them back in offset order restores
/// every offset. <c>__metadata__</c> is a map of strings, kept in file order.
/// </summary>
public sealed record SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> Entries, IReadOnlyList<KeyValuePair<string, string>> Metadata)
{
    public const string MetadataKey = "__metadata__";

    /// <summary>The reference reader's limit on a header (100 MB), which bounds what a hostile length can make us allocate.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Bytes of the data area the entries cover.</summary>
    public long DataLength => Entries.Count == 0 ? 0 : Entries.Max(e => e.End);

    /// <summary>The entries in the order of their data (by offset): the order the file stores them in.</summary>
    public IEnumerable<SafeTensorsEntry> InDataOrder => Entries.OrderBy(e => e.Begin).ThenBy(e => e.End);

    /// <summary>
    /// Reads the header of the file at <paramref name="path"/>: its JSON bytes exactly as stored (padding included), parsed
    /// and checked against the file's size.
    /// </summary>
    public static (byte[] Json, SafeTensorsHeader Header) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file not found: {path}", path);
        using FileStream stream = File.OpenRead(path);
        Span<byte> length = stackalloc byte[8];
        if (stream.ReadAtLeast(length, 8, throwOnEndOfStream: false) < 8)
            throw Invalid(path, "shorter than its 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(length);
        if (headerLength > (ulong)(stream.Length - 8) || headerLength > MaxHeaderBytes)
            throw Invalid(path, $"declares a {headerLength}-byte header in a {stream.Length}-byte file");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        return (json, Parse(json, stream.Length - 8 - (long)headerLength, path));
    }

    /// <summary>
    /// Parses and checks header bytes whose file has <paramref name="dataLength"/> bytes of data after the header; null: as
    /// many as the entries cover (a header kept without its file, as a container keeps it).
    /// </summary>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long? dataLength, string description)
    {
        JsonObject root = SafeTensorsJson.ParseObject(json, problem => Invalid(description, problem));
        var metadata = new List<KeyValuePair<string, string>>();
        var entries = new List<SafeTensorsEntry>();
        List<KeyValuePair<string, JsonNode?>> members = [.. root]; // names decoded and unique: checked by the parse
        foreach ((string name, JsonNode? node) in members)
        {
            try
            {
                if (name == MetadataKey)
                {
                    foreach ((string key, JsonNode? value) in node!.AsObject()) metadata.Add(new(key, value!.GetValue<string>()));
                    continue;
                }
                entries.Add(Entry(name, node!.AsObject(), description));
            }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or OverflowException
                                          or OnnxFormatException or ArgumentException)
            {
                throw Invalid(description, $"malformed entry '{name}' ({e.Message})");
            }
        }
        CheckTiling(entries, dataLength, description);
        return new SafeTensorsHeader(entries, metadata);
    }

    static SafeTensorsEntry Entry(string name, JsonObject entry, string description)
    {
        string dtype = entry["dtype"]!.GetValue<string>();
        if (!SafeTensorsDTypes.IsKnown(dtype))
            throw Invalid(description, $"tensor '{name}' has dtype {dtype}; known: {string.Join(", ", SafeTensorsDTypes.Names)}");
        long[] shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
        long[] offsets = entry["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
            throw Invalid(description, $"tensor '{name}' has data offsets [{string.Join(", ", offsets)}]");
        long count = TensorData.ElementCount(shape);
        if (offsets[1] - offsets[0] != checked(count * SafeTensorsDTypes.Bytes(dtype)))
            throw Invalid(description, $"tensor '{name}' has {offsets[1] - offsets[0]} bytes for {count} {dtype} values");
        return new SafeTensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    static void CheckTiling(List<SafeTensorsEntry> entries, long? dataLength, string description)
    {
        long next = 0;
        foreach (SafeTensorsEntry entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin != next)
                throw Invalid(description, $"tensor '{entry.Name}' starts at byte {entry.Begin} of the data, not at {next} (tensors must follow each other without gap or overlap)");
            next = entry.End;
        }
        if (dataLength is { } length && next != length)
            throw Invalid(description, $"its tensors cover {next} bytes of data but the file holds {dataLength}");
    }

    static SafeTensorsFormatException Invalid(string description, string problem) => new($"{description} is not a valid safetensors file: {problem}");
}
