using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Quantize.Format.Onnx.Proto;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Cli.Tests.Large;

/// <summary>
/// A synthetic model past protobuf's 2 GiB limit: <see cref="Layers"/> MatMul + Add layers of width <see cref="Width"/>
/// (576,072,000 float32 parameters, 2.30 GB), its weights in external data as a plain exporter writes them (one file,
/// tensors back to back, no alignment). Written streamed, a megabyte of values at a time, from a seed.
/// </summary>
static class ChainModel
{
    public const int Width = 8000;
    public const int Layers = 9;
    public const int Batch = 4;

    public static long Parameters => (long)Layers * Width * (Width + 1);

    public static void Write(string path, int seed)
    {
        string dataName = Path.GetFileName(path) + ".data";
        var graph = new GraphProto { Name = "chain" };
        graph.Input.Add(Value("x", DataType.Float, Batch, Width));
        graph.Output.Add(Value("y", DataType.Float, Batch, Width));
        var random = new Random(seed);
        long offset = 0;
        using (var data = new FileStream(Path.Combine(Path.GetDirectoryName(path)!, dataName), FileMode.CreateNew, FileAccess.Write))
        {
            for (int layer = 0; layer < Layers; layer++)
            {
                // Uniform weights of variance 1/width keep the activations' scale from layer to layer.
                graph.Initializer.Add(External($"w{layer}", [Width, Width], dataName, ref offset, data, random, MathF.Sqrt(3f / Width)));
                graph.Initializer.Add(External($"b{layer}", [Width], dataName, ref offset, data, random, 0.01f));
                string input = layer == 0 ? "x" : $"h{layer}";
                string output = layer == Layers - 1 ? "y" : $"h{layer + 1}";
                graph.Node.Add(Node("MatMul", $"matmul{layer}", [input, $"w{layer}"], [$"m{layer}"]));
                graph.Node.Add(Node("Add", $"add{layer}", [$"m{layer}", $"b{layer}"], [output]));
            }
        }
        using FileStream model = File.Create(path);
        Model(graph).WriteTo(model);
    }

    static TensorProto External(string name, long[] dims, string dataName, ref long offset, Stream data, Random random, float scale)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        var chunk = new float[1 << 18];
        for (long done = 0; done < count; done += chunk.Length)
        {
            Span<float> values = chunk.AsSpan(0, (int)Math.Min(chunk.Length, count - done));
            for (int i = 0; i < values.Length; i++) values[i] = (random.NextSingle() * 2 - 1) * scale;
            data.Write(MemoryMarshal.AsBytes(values));
        }
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float, DataLocation = TensorProto.Types.DataLocation.External };
        tensor.Dims.Add(dims);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = dataName });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = (count * 4).ToString(CultureInfo.InvariantCulture) });
        offset += count * 4;
        return tensor;
    }
}
