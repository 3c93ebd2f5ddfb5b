using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.SafeTensors;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.SafeTensors;

/// <summary>
/// A small safetensors model of every kind of tensor (weights in F32, F16, BF16 and F64; an I64 table, a BOOL mask, an
/// 8-bit float pair and an F32 scalar that stay exact), its header in name order and its data in another, quantized
/// uniformly into one codebook: the container, and the file it must restore to, built independently of the restorer.
/// </summary>
sealed class SafeTensorsContainerFixture
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Metadata = [new("format", "pt"), new("note", "golden")];

    public SafeTensorsContainerFixture(string folder, int cells = 8)
    {
        var random = new Random(7);
        float[] Values(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        List<SafeTensorsFixture.Tensor> tensors =
        [
            SafeTensorsFixture.Float("layer.weight", "F32", [4, 5], Values(20, 2)),
            SafeTensorsFixture.Float("layer.bias", "F16", [4], Values(4, 0.5)),
            SafeTensorsFixture.Float("embed.weight", "BF16", [6, 3], Values(18, 1)),
            SafeTensorsFixture.Int64("steps", [2], [1000, -3]),
            SafeTensorsFixture.Float("eps", "F32", [], [1e-5f]),
            new SafeTensorsFixture.Tensor("mask", "BOOL", [3], [1, 0, 1]),
            new SafeTensorsFixture.Tensor("fp8", "F8_E4M3", [2], [0x38, 0xC0]),
            SafeTensorsFixture.Float("norm.weight", "F64", [5], Values(5, 3)),
        ];
        (List<SafeTensorsFixture.Tensor> byName, int[] order) = SafeTensorsFixture.NameOrdered(tensors);
        Path = System.IO.Path.Combine(folder, "model.safetensors");
        SafeTensorsFixture.Write(Path, byName, Metadata, order);

        Model = SafeTensorsModel.Open(Path);
        Onnx = Model.ToOnnx();
        Parameters = ModelParameters.Extract(Onnx);
        Quantization = new UniformQuantizer(cells).Quantize(Parameters.SelectMany(p => p.Values).ToArray(), []);

        // What the restored file must be: the source with each weight's bytes replaced by its quantized values in its dtype.
        float[] reconstructed = Quantization.Reconstruct();
        var quantized = new Dictionary<string, float[]>(StringComparer.Ordinal);
        int start = 0;
        foreach (ParameterTensor p in Parameters)
        {
            quantized[p.Name] = reconstructed[start..(start + (int)p.ElementCount)];
            start += (int)p.ElementCount;
        }
        Expected = SafeTensorsFixture.Bytes(byName.Select(t => quantized.TryGetValue(t.Name, out float[]? v) ? t with { Bytes = SafeTensorsFixture.Encode(t.DType, v) } : t).ToList(),
            Metadata, order).File;
    }

    public string Path { get; }

    public SafeTensorsModel Model { get; }

    public ModelProto Onnx { get; }

    public IReadOnlyList<ParameterTensor> Parameters { get; }

    public Quantization Quantization { get; }

    /// <summary>The bytes the container must restore to.</summary>
    public byte[] Expected { get; }

    public NqzBody Build(SymbolCoding coding = SymbolCoding.Huffman)
    {
        NqzBody body = NqzBuilder.Build(Onnx, Parameters, Quantization, coding,
            new Settings { Method = "uniform", RequestedClusters = (uint)Quantization.ClusterCount, SourceModel = "model.safetensors" }, "format-tests 1.0");
        body.SafeTensors = Model.Layout();
        return body;
    }

    public static byte[] Restored(NqzBody body)
    {
        using var stream = new MemoryStream();
        SafeTensorsRestore.Write(body, stream);
        return stream.ToArray();
    }
}
