using Google.Protobuf;
using Quantize.Format.IO;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>Reads and writes ONNX ModelProto files, with errors that say what is wrong with the file.</summary>
public static class OnnxModelFile
{
    // Protobuf messages are limited to 2 GiB; bigger models keep their weights in external data files.
    const long MaxFileBytes = int.MaxValue;

    /// <summary>Parses and validates (<see cref="OnnxValidator"/>) a model file; a malformed one fails here, for every command.</summary>
    /// <param name="readExternalData">Whether to read external data files into the model (see <see cref="ExternalData"/>);
    /// without, such tensors keep their references (enough to describe a model, not to use its weights), checked all the same.</param>
    public static ModelProto Load(string path, bool readExternalData = true)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"model file not found: {path}", path);
        long length = new FileInfo(path).Length;
        if (length == 0) throw new OnnxFormatException($"{path} is empty, not an ONNX model");
        if (length > MaxFileBytes) throw new OnnxFormatException($"{path} is larger than 2 GiB, the limit of one protobuf message");
        // Parsed from a stream rather than a byte array, so a large file is not held twice while parsing.
        ModelProto model;
        using (FileStream stream = File.OpenRead(path))
            model = Parse(() => ModelProto.Parser.ParseFrom(stream), path);
        OnnxValidator.Validate(model, Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (readExternalData) ResolveExternalData(model, path);
        return model;
    }

    /// <summary>Reads the external data files of a model parsed from <paramref name="path"/> into the model (see <see cref="ExternalData"/>).</summary>
    public static void ResolveExternalData(ModelProto model, string path) =>
        ExternalData.Inline(model, Path.GetDirectoryName(Path.GetFullPath(path))!);

    public static ModelProto Parse(byte[] bytes, string description) => Parse(() => ModelProto.Parser.ParseFrom(bytes), description);

    static ModelProto Parse(Func<ModelProto> parse, string description)
    {
        ModelProto model;
        try
        {
            model = parse();
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException($"{description} is not an ONNX model ({e.Message.TrimEnd('.')})", e);
        }
        if (model.Graph == null || !model.HasIrVersion)
            throw new OnnxFormatException($"{description} is not an ONNX model (no graph or IR version)");
        return model;
    }

    /// <summary>The most bytes one protobuf message, and so one ONNX file without external data, may take.</summary>
    public const long MaxMessageBytes = MaxFileBytes;

    /// <summary>The model's size as one protobuf message; past <see cref="MaxMessageBytes"/>, at least the size of its raw tensor data.</summary>
    public static long SerializedBytes(ModelProto model)
    {
        // CalculateSize is an int and overflows past 2 GiB, so the raw weights are summed in a long first.
        long size = AllTensors.Of(model.Graph).Sum(t => (long)t.RawData.Length);
        return size <= MaxFileBytes ? model.CalculateSize() : size;
    }

    /// <summary>
    /// Writes the model as one file, or, when it does not fit one protobuf message or <paramref name="externalData"/> asks,
    /// with its initializers' data in a file beside it (<see cref="ExternalDataWriter"/>). Returns whether it did the latter.
    /// </summary>
    public static bool Save(ModelProto model, string path, bool externalData = false)
    {
        if (externalData || SerializedBytes(model) > MaxFileBytes)
        {
            ExternalDataWriter.Write(model, path);
            return true;
        }
        AtomicFile.Write(path, stream => model.WriteTo(stream));
        return false;
    }

    /// <summary>The model file's bytes, as <see cref="Save"/> writes them without external data.</summary>
    public static byte[] ToBytes(ModelProto model)
    {
        EnsureOneMessage(model);
        return model.ToByteArray();
    }

    /// <summary>Writes the model file's bytes, as <see cref="Save"/> writes them without external data, to <paramref name="stream"/> (left open).</summary>
    public static void WriteTo(ModelProto model, Stream stream)
    {
        EnsureOneMessage(model);
        model.WriteTo(stream);
    }

    // Bytes or a stream hold one message: past 2 GiB only Save (with external data) can write the model.
    static void EnsureOneMessage(ModelProto model)
    {
        long size = SerializedBytes(model);
        if (size > MaxFileBytes)
            throw new OnnxFormatException(
                $"the model would take {size} bytes, more than the 2 GiB limit of one protobuf message; write it to a file with external data (decompress does so)");
    }
}
