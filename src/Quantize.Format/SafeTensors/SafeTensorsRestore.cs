using System.Buffers.Binary;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.IO;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.SafeTensors;

/// <summary>
/// Writes the safetensors files of a container made from a safetensors model (docs/format.md, section 15): each shard
/// with its header byte for byte as the source had it, every tensor at its source offsets, the quantized ones holding
/// their shared values rounded to their dtype (float16 and bfloat16 to nearest even) and the others their source bytes;
/// then the index file, verbatim. The one implementation the tool and the runtime library share.
/// </summary>
/// <example>
/// <code>
/// NqzBody body = NqzFile.Read("model.nqz");
/// if (SafeTensorsRestore.Holds(body))
///     using (var restore = SafeTensorsRestore.Open(body, "model.nqz"))
///         restore.WriteTo("restored/"); // model.safetensors, or the shards and model.safetensors.index.json
/// </code>
/// </example>
public sealed class SafeTensorsRestore
{
    readonly SafeTensorsLayout layout;
    readonly IReadOnlyList<SafeTensorsHeader> headers;
    readonly Dictionary<string, TensorProto> tensors;

    SafeTensorsRestore(SafeTensorsLayout layout, IReadOnlyList<SafeTensorsHeader> headers, Dictionary<string, TensorProto> tensors)
    {
        this.layout = layout;
        this.headers = headers;
        this.tensors = tensors;
    }

    /// <summary>Whether the container was made from a safetensors model (and so restores to safetensors files).</summary>
    public static bool Holds(NqzBody body) => body.SafeTensors != null;

    /// <summary>The files <see cref="WriteTo"/> writes: the shards in order, then the index where there is one.</summary>
    public IReadOnlyList<string> FileNames => [.. layout.Shards.Select(s => s.Name), .. layout.IndexName.Length > 0 ? [layout.IndexName] : Array.Empty<string>()];

    /// <summary>Whether the model is more than one file (then <see cref="Write(NqzBody, Stream)"/> refuses it).</summary>
    public bool IsSharded => layout.Shards.Count > 1 || layout.IndexName.Length > 0;

    /// <summary>
    /// Decodes the container (a validated body, as <see cref="NqzFile.Read"/> gives) and checks its skeleton against the
    /// headers (rule L5): the same tensors in the same order, with the ONNX type of their dtype and their shape, those
    /// kept exact with exactly their bytes. Memory: the restored model, once.
    /// </summary>
    public static SafeTensorsRestore Open(NqzBody body, string description)
    {
        if (body.SafeTensors is not { } layout)
            throw new NqzFormatException($"{description} was made from an ONNX model, not safetensors; decompress it to .onnx");
        ModelProto model = NqzDecoder.DecodeModel(body, description);
        void Fail(string problem) => throw new NqzFormatException($"{description} is invalid: {problem}");
        if (model.Graph.Node.Count > 0) Fail("a safetensors container's skeleton has nodes");
        var headers = layout.Shards.Select(s => SafeTensorsLayoutRules.Parsed(s)).ToList();
        var entries = headers.SelectMany(h => h.InDataOrder).ToList();
        var initializers = model.Graph.Initializer;
        if (initializers.Count != entries.Count)
            Fail($"its skeleton holds {initializers.Count} tensors but its safetensors headers {entries.Count}");
        var byName = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            SafeTensorsEntry entry = entries[i];
            TensorProto tensor = initializers[i];
            if (tensor.Name != entry.Name) Fail($"skeleton tensor {i} is '{tensor.Name}' where the headers have '{entry.Name}'");
            if (tensor.DataType != SafeTensorsDTypes.OnnxType(entry.DType) || !tensor.Dims.SequenceEqual(entry.Shape))
                Fail($"tensor '{entry.Name}' is not {entry.DType} [{string.Join(",", entry.Shape)}] in the skeleton, as its header says");
            if (!tensor.HasRawData || tensor.RawData.Length != entry.ByteLength)
                Fail($"tensor '{entry.Name}' has {tensor.RawData.Length} bytes of data for the {entry.ByteLength} of its header");
            byName[entry.Name] = tensor;
        }
        return new SafeTensorsRestore(layout, headers, byName);
    }

    /// <summary>Writes the one file of a model that is a single .safetensors file (no index) to <paramref name="stream"/>.</summary>
    public static void Write(NqzBody body, Stream stream, string description = "the container")
    {
        SafeTensorsRestore restore = Open(body, description);
        if (restore.IsSharded)
            throw new NqzFormatException($"{description} holds a sharded safetensors model ({string.Join(", ", restore.FileNames)}); write it to a folder");
        restore.Write(restore.FileNames[0], stream);
    }

    /// <summary>Writes the file named <paramref name="fileName"/> (one of <see cref="FileNames"/>) to <paramref name="stream"/>.</summary>
    public void Write(string fileName, Stream stream)
    {
        if (fileName == layout.IndexName && fileName.Length > 0)
        {
            stream.Write(layout.Index.Span);
            return;
        }
        int shard = layout.Shards.Select(s => s.Name).ToList().IndexOf(fileName);
        if (shard < 0) throw new ArgumentException($"the model has no file named '{fileName}' (it has {string.Join(", ", FileNames)})", nameof(fileName));
        ReadOnlySpan<byte> header = layout.Shards[shard].Header.Span;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (SafeTensorsEntry entry in headers[shard].InDataOrder) stream.Write(tensors[entry.Name].RawData.Span);
    }

    /// <summary>
    /// Writes every file into <paramref name="folder"/> (created if missing) under its source name, each atomically; the
    /// index last, so that a reader that finds it finds every shard complete.
    /// </summary>
    public void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (string name in FileNames) AtomicFile.Write(Path.Combine(folder, name), stream => Write(name, stream));
    }
}
