using System.Buffers.Binary;
using Google.Protobuf;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.SafeTensors;

/// <summary>
/// A safetensors model as a set of tensors without a graph: one .safetensors file, a sharded model named by its
/// index json (<c>model.safetensors.index.json</c>), or a folder holding either (docs/safetensors.md). Shards are read
/// header first; tensor data only when <see cref="ToOnnx"/> asks for it, one tensor at a time.
/// </summary>
public sealed class SafeTensorsModel
{
    public const string Extension = ".safetensors";

    SafeTensorsModel(string description, IReadOnlyList<SafeTensorsShardFile> shards, string? indexName, byte[]? index)
    {
        Description = description;
        Shards = shards;
        IndexName = indexName;
        Index = index;
    }

    public string Description { get; }

    /// <summary>The files, in the order the tensors are numbered: an index's first-mention order, else by file name.</summary>
    public IReadOnlyList<SafeTensorsShardFile> Shards { get; }

    /// <summary>The index file's name and bytes, for a model opened through one.</summary>
    public string? IndexName { get; }

    public byte[]? Index { get; }

    /// <summary>Every tensor: shard by shard, each in data order.</summary>
    public IEnumerable<SafeTensorsEntry> Entries => Shards.SelectMany(s => s.Header.InDataOrder);

    /// <summary>
    /// Whether <paramref name="path"/> names a safetensors model: a folder holding .safetensors files, an index json, a
    /// file with the .safetensors extension, or a file whose bytes start like one (8-byte length, then '{').
    /// </summary>
    public static bool IsSafeTensors(string path)
    {
        if (Directory.Exists(path)) return Directory.EnumerateFiles(path, "*" + Extension).Any();
        if (path.EndsWith(Extension + SafeTensorsIndex.Suffix, StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(Path.GetExtension(path), Extension, StringComparison.OrdinalIgnoreCase)) return true;
        if (!File.Exists(path)) return false;
        Span<byte> head = stackalloc byte[9];
        using FileStream stream = File.OpenRead(path);
        if (stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return false;
        return head[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(head) < (ulong)stream.Length;
    }

    /// <summary>Opens a model named by a .safetensors file, an index json or a folder; reads every header.</summary>
    public static SafeTensorsModel Open(string path)
    {
        if (Directory.Exists(path)) return OpenFolder(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
        if (path.EndsWith(SafeTensorsIndex.Suffix, StringComparison.OrdinalIgnoreCase)) return OpenIndex(path);
        return Checked(path, [ReadShard(path)], null, null);
    }

    static SafeTensorsModel OpenFolder(string folder)
    {
        string[] indexes = Directory.GetFiles(folder, "*" + Extension + SafeTensorsIndex.Suffix);
        if (indexes.Length > 1)
            throw new SafeTensorsFormatException($"{folder} holds {indexes.Length} safetensors indexes; name the one to use");
        if (indexes.Length == 1) return OpenIndex(indexes[0]);
        string[] files = Directory.GetFiles(folder, "*" + Extension).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new SafeTensorsFormatException($"{folder} holds no .safetensors file");
        return Checked(folder, files.Select(ReadShard).ToList(), null, null);
    }

    static SafeTensorsModel OpenIndex(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        SafeTensorsIndex index = SafeTensorsIndex.Parse(bytes, path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var shards = index.ShardNames.Select(name => ReadShard(Path.Combine(folder, name))).ToList();
        SafeTensorsModel model = Checked(path, shards, Path.GetFileName(path), bytes);
        IndexRules.Check(index, shards.Select(s => (s.FileName, s.Header)), path);
        return model;
    }

    static SafeTensorsShardFile ReadShard(string path)
    {
        (byte[] json, SafeTensorsHeader header) = SafeTensorsHeader.Read(path);
        return new SafeTensorsShardFile(path, json, header);
    }

    static SafeTensorsModel Checked(string description, List<SafeTensorsShardFile> shards, string? indexName, byte[]? index)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (SafeTensorsShardFile shard in shards)
        {
            if (!SafeTensorsIndex.IsPlainFileName(shard.FileName, Extension))
                throw new SafeTensorsFormatException($"{shard.Path}: a shard's file name must end in {Extension} and not start with '.'");
            foreach (SafeTensorsEntry entry in shard.Header.Entries)
                if (!names.Add(entry.Name)) throw new SafeTensorsFormatException($"{description} holds tensor '{entry.Name}' in two places");
        }
        if (names.Count == 0) throw new SafeTensorsFormatException($"{description} holds no tensors");
        return new SafeTensorsModel(description, shards, indexName, index);
    }

    /// <summary>
    /// The tensors as the initializers of an ONNX model without nodes (shard by shard, each in data order), each with the
    /// ONNX type of its dtype and the file's bytes as raw_data: what the compress pipeline reads weights from, and what the
    /// container's skeleton keeps of the tensors that stay exact.
    /// </summary>
    public ModelProto ToOnnx()
    {
        var graph = new GraphProto { Name = "safetensors", DocString = $"the tensors of {Path.GetFileName(Description)}, weights only: no graph to run" };
        foreach (SafeTensorsShardFile shard in Shards)
        {
            using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(shard.Path);
            foreach (SafeTensorsEntry entry in shard.Header.InDataOrder)
            {
                if (entry.ByteLength > Array.MaxLength)
                    throw new SafeTensorsFormatException($"{shard.Path}: tensor '{entry.Name}' takes {entry.ByteLength} bytes; one tensor may take at most 2 GiB");
                var bytes = new byte[entry.ByteLength];
                long at = shard.DataStart + entry.Begin;
                for (int done = 0; done < bytes.Length;)
                {
                    int read = RandomAccess.Read(handle, bytes.AsSpan(done), at + done);
                    if (read == 0) throw new SafeTensorsFormatException($"{shard.Path} ends inside tensor '{entry.Name}'");
                    done += read;
                }
                var tensor = new TensorProto { Name = entry.Name, DataType = SafeTensorsDTypes.OnnxType(entry.DType), RawData = UnsafeByteOperations.UnsafeWrap(bytes) };
                tensor.Dims.AddRange(entry.Shape);
                graph.Initializer.Add(tensor);
            }
        }
        var model = new ModelProto { IrVersion = 9, ProducerName = "safetensors", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 19 });
        return model;
    }

    /// <summary>What a container keeps to write the files back: each shard's name and header bytes, and the index.</summary>
    public SafeTensorsLayout Layout()
    {
        var layout = new SafeTensorsLayout();
        foreach (SafeTensorsShardFile shard in Shards)
            layout.Shards.Add(new SafeTensorsShard { Name = shard.FileName, Header = ByteString.CopyFrom(shard.HeaderJson) });
        if (IndexName != null)
        {
            layout.IndexName = IndexName;
            layout.Index = ByteString.CopyFrom(Index);
        }
        return layout;
    }
}
