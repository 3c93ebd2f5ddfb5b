using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Quantize.Format.IO;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// Writes an ONNX model with the data of its initializers in one file beside it, <c>MODEL.data</c>: the ONNX external-data
/// layout (data_location = EXTERNAL; external_data entries location, offset and length), which models past protobuf's
/// 2 GiB limit of one message need. Tensors may be filled as they are written, one at a time, so a caller that decodes
/// them one by one (a container's restored weights) holds one tensor's values and bytes at a time, never the whole
/// model. Both files are written under temporary names and renamed into place only when both are complete
/// (<see cref="AtomicFile.WritePair"/>). The model passed in is not changed. docs/onnx.md, "Models past 2 GiB".
/// </summary>
public static class ExternalDataWriter
{
    /// <summary>Tensors with fewer bytes of data stay inside the model file (onnx's own default threshold).</summary>
    public const int SizeThreshold = 1024;

    /// <summary>Tensors of at least this many bytes start at a multiple of <see cref="LargeAlignment"/>.</summary>
    public const long AlignThreshold = 1 << 20;

    /// <summary>
    /// 64 KiB: the allocation granularity of Windows and a multiple of the page size elsewhere (4 KiB; 16 KiB on Apple
    /// silicon), so ONNX Runtime may map a large tensor from the file rather than copy it, on any system. At most 64 KiB of
    /// padding per tensor of 1 MiB or more: under 6.25%, and nothing for tensors whose size is a multiple of 64 KiB.
    /// </summary>
    public const int LargeAlignment = 1 << 16;

    /// <summary>Smaller tensors start at a multiple of 64 bytes: aligned for every element type and for a cache line.</summary>
    public const int SmallAlignment = 64;

    /// <summary>The data file's name: the model file's name with <c>.data</c> appended, one path segment, so it cannot leave the model's folder.</summary>
    public static string DataFileName(string modelPath)
    {
        string name = Path.GetFileName(Path.GetFullPath(modelPath));
        if (name.Length == 0) throw new IOException($"output {modelPath} names a folder, not a model file");
        return name + ".data";
    }

    /// <summary>Where <see cref="Write"/> puts the data of a model written to <paramref name="modelPath"/>.</summary>
    public static string DataFilePath(string modelPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, DataFileName(modelPath));

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> with every initializer (of any graph) of at least
    /// <see cref="SizeThreshold"/> bytes of raw data in <see cref="DataFilePath"/>; an existing file there is replaced.
    /// </summary>
    /// <param name="values">
    /// Floating-point tensors to fill first, by identity (docs/onnx.md), each in its stored type as
    /// <see cref="ModelParameters.FillValues"/> does; they are read one at a time and written out before the next is read.
    /// </param>
    /// <param name="sizeThreshold">Initializers with fewer bytes of raw data stay in the model file.</param>
    /// <returns>The length of the data file in bytes.</returns>
    public static long Write(ModelProto model, string path, IEnumerable<ParameterTensor>? values = null, int sizeThreshold = SizeThreshold)
    {
        string dataName = DataFileName(path);
        string dataPath = DataFilePath(path);
        if (Directory.Exists(dataPath))
            throw new IOException($"the model's data file {dataPath} would replace a folder of that name; choose another output name");
        // Tensors share their (immutable) data with the caller's: the copy costs the graph, not the weights.
        ModelProto copy = model.Clone();
        long dataLength = 0;
        AtomicFile.WritePair(dataPath, data => dataLength = WriteData(copy, values, new DataFile(data, dataName, sizeThreshold)), path, stream => WriteModel(copy, stream, path));
        return dataLength;
    }

    readonly record struct DataFile(Stream Stream, string Name, int SizeThreshold);

    static long WriteData(ModelProto model, IEnumerable<ParameterTensor>? values, DataFile data)
    {
        List<TensorProto> ordered = Initializers(model.Graph).ToList();
        var initializers = new HashSet<TensorProto>(ordered, ReferenceEqualityComparer.Instance);
        foreach (TensorProto tensor in ordered)
            if (ExternalData.IsExternal(tensor))
                throw new OnnxFormatException($"tensor '{tensor.Name}' keeps its data in an external file that was not read; load the model with its data before writing it");
        if (values != null)
        {
            Dictionary<string, TensorSite> byIdentity = ModelTensors.FloatingByIdentity(model);
            foreach (ParameterTensor parameter in values)
            {
                TensorProto tensor = ModelParameters.Target(byIdentity, parameter);
                long length = parameter.ElementCount * FloatingTypes.ElementBytes(tensor.DataType);
                if (initializers.Contains(tensor) && length >= Math.Max(1, data.SizeThreshold)) WriteValues(tensor, parameter.Values, data, length);
                else TensorData.WriteValues(tensor, parameter.Values);
            }
        }
        foreach (TensorProto tensor in ordered)
            if (!ExternalData.IsExternal(tensor)) MoveToData(tensor, data);
        return data.Stream.Length;
    }

    // Values go to the file in the tensor's stored type straight from the floats (float32 as they are, other types a
    // megabyte at a time): no array of the tensor's bytes, which for a large model would be another copy per tensor.
    static void WriteValues(TensorProto tensor, float[] values, DataFile file, long length)
    {
        long offset = Place(file, length);
        if (tensor.DataType == (int)TensorProto.Types.DataType.Float && BitConverter.IsLittleEndian)
        {
            file.Stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            int size = FloatingTypes.ElementBytes(tensor.DataType);
            var buffer = new byte[1 << 20];
            for (int done = 0; done < values.Length; done += buffer.Length / size)
            {
                ReadOnlySpan<float> chunk = values.AsSpan(done, Math.Min(buffer.Length / size, values.Length - done));
                TensorData.Encode(tensor.DataType, chunk, buffer);
                file.Stream.Write(buffer, 0, chunk.Length * size);
            }
        }
        TensorData.ClearData(tensor);
        PointAt(tensor, file, offset, length);
    }

    // Appends the tensor's raw data at the next aligned offset and points the tensor at it. Tensors under the threshold,
    // and those whose values sit in the typed fields (float_data...; rare in large models), stay in the model file.
    static void MoveToData(TensorProto tensor, DataFile file)
    {
        if (!tensor.HasRawData || tensor.RawData.IsEmpty || tensor.RawData.Length < file.SizeThreshold) return;
        long offset = Place(file, tensor.RawData.Length);
        file.Stream.Write(tensor.RawData.Span);
        PointAt(tensor, file, offset, tensor.RawData.Length);
        tensor.ClearRawData();
    }

    /// <summary>Pads the file to where a tensor of <paramref name="length"/> bytes starts, and returns that offset.</summary>
    static long Place(DataFile file, long length)
    {
        int alignment = length >= AlignThreshold ? LargeAlignment : SmallAlignment;
        long offset = (file.Stream.Position + alignment - 1) / alignment * alignment;
        file.Stream.Write(Zeros, 0, (int)(offset - file.Stream.Position));
        return offset;
    }

    static void PointAt(TensorProto tensor, DataFile file, long offset, long length)
    {
        tensor.ExternalData.Add(Entry("location", file.Name));
        tensor.ExternalData.Add(Entry("offset", offset.ToString(CultureInfo.InvariantCulture)));
        tensor.ExternalData.Add(Entry("length", length.ToString(CultureInfo.InvariantCulture)));
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
    }

    static readonly byte[] Zeros = new byte[LargeAlignment];

    static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };

    static void WriteModel(ModelProto model, Stream stream, string path)
    {
        long size = OnnxModelFile.SerializedBytes(model);
        if (size > OnnxModelFile.MaxMessageBytes)
            throw new OnnxFormatException(
                $"{path} would take {size} bytes even with its initializers' raw data in {DataFileName(path)}, more than the 2 GiB limit of one protobuf message (large Constant-node values or typed fields stay in the model file)");
        model.WriteTo(stream);
    }

    /// <summary>The initializers of the graph and of every subgraph in its nodes' attributes.</summary>
    static IEnumerable<TensorProto> Initializers(GraphProto graph)
    {
        foreach (TensorProto tensor in graph.Initializer) yield return tensor;
        foreach (NodeProto node in graph.Node)
            foreach (AttributeProto attribute in node.Attribute)
            {
                IEnumerable<GraphProto> subgraphs = attribute.G != null ? attribute.Graphs.Prepend(attribute.G) : attribute.Graphs;
                foreach (GraphProto subgraph in subgraphs)
                    foreach (TensorProto tensor in Initializers(subgraph)) yield return tensor;
            }
    }
}
