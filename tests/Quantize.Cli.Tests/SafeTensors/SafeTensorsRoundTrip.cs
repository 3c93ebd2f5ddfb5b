using System.Text.Json;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.SafeTensors;

/// <summary>
/// A safetensors file made from a real ONNX model's initializers (mixed dtypes, header by name, data in model order,
/// metadata), compressed with compress's defaults and decompressed back, then checked byte by byte against the source
/// and against the container's own values: what the safetensors tests of this folder share.
/// </summary>
sealed class SafeTensorsRoundTrip
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Metadata = [new("format", "pt"), new("source", "quantize tests")];

    SafeTensorsRoundTrip(string source, IReadOnlyList<SafeTensorsFixture.Placed> placed)
    {
        Source = source;
        Placed = placed;
    }

    public string Source { get; }

    public IReadOnlyList<SafeTensorsFixture.Placed> Placed { get; }

    public static SafeTensorsRoundTrip Write(string onnxPath, string path)
    {
        List<SafeTensorsFixture.Tensor> tensors = SafeTensorsFixture.FromOnnx(OnnxModelFile.Load(onnxPath));
        (List<SafeTensorsFixture.Tensor> byName, int[] order) = SafeTensorsFixture.NameOrdered(tensors);
        return new SafeTensorsRoundTrip(path, SafeTensorsFixture.Write(path, byName, Metadata, order));
    }

    /// <summary>Compresses with no quantizer options (compress's safe defaults) and returns the JSON report.</summary>
    public JsonElement Compress(string container, params string[] extra)
    {
        CliResult result = CliRunner.Run(["compress", Source, "-o", container, "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    /// <summary>
    /// Checks a restored file: the same header bytes and size as the source; each tensor kept exact has its source bytes,
    /// each weight the container's decoded value rounded to its dtype. Returns the weights' relative L2 error, overall.
    /// </summary>
    public double AssertRestored(string restored, string container)
    {
        byte[] source = File.ReadAllBytes(Source), output = File.ReadAllBytes(restored);
        Assert.Equal(source.Length, output.Length);
        int headerEnd = 8 + (int)BitConverter.ToUInt64(source, 0);
        Assert.Equal(source[..headerEnd], output[..headerEnd]); // names, dtypes, shapes, offsets, header order, metadata
        var decoded = NqzDecoder.DecodeTensors(NqzFile.Read(container)).ToDictionary(t => t.Name, StringComparer.Ordinal);
        double error = 0, energy = 0;
        int weights = 0;
        foreach ((SafeTensorsFixture.Tensor tensor, long offset) in Placed)
        {
            byte[] bytes = output[(int)offset..(int)(offset + tensor.Bytes.Length)];
            if (!decoded.TryGetValue(tensor.Name, out ParameterTensor? quantized))
            {
                Assert.Equal(tensor.Bytes, bytes);
                continue;
            }
            weights++;
            Assert.Equal(SafeTensorsFixture.Encode(tensor.DType, quantized.Values), bytes);
            float[] before = SafeTensorsFixture.Decode(tensor.DType, tensor.Bytes), after = SafeTensorsFixture.Decode(tensor.DType, bytes);
            for (int i = 0; i < before.Length; i++)
            {
                error += (double)(after[i] - before[i]) * (after[i] - before[i]);
                energy += (double)before[i] * before[i];
            }
        }
        Assert.True(weights > 0);
        Assert.NotEqual(source, output); // the weights were quantized
        return Math.Sqrt(error / energy);
    }

    /// <summary>The tensors the rule keeps exact: integer ones, scalars; every floating tensor of more than one element is a weight.</summary>
    public static bool IsWeight(SafeTensorsFixture.Tensor tensor) => tensor.DType is "F32" or "F16" or "BF16" or "F64" && tensor.Shape.Aggregate(1L, (a, d) => a * d) > 1;

    /// <summary>The restored ONNX model (decompress -o x.onnx) holds exactly the bytes the restored safetensors file does.</summary>
    public void AssertOnnxHoldsTheSameBytes(string onnx, string restored)
    {
        byte[] output = File.ReadAllBytes(restored);
        ModelProto model = OnnxModelFile.Load(onnx);
        Assert.Empty(model.Graph.Node);
        foreach ((SafeTensorsFixture.Tensor tensor, long offset) in Placed)
            Assert.Equal(output[(int)offset..(int)(offset + tensor.Bytes.Length)], model.Graph.Initializer.Single(t => t.Name == tensor.Name).RawData.ToByteArray());
    }
}
