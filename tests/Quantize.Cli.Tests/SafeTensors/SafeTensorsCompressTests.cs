using System.Globalization;
using System.Text.Json;
using Quantize.Tests.Shared;
using Xunit.Abstractions;

namespace Quantize.Cli.Tests.SafeTensors;

/// <summary>
/// compress and decompress on safetensors models made from real networks (docs/safetensors.md): weights only with the
/// default settings, restored with the same names, dtypes, shapes, order and metadata and each weight's quantized value.
/// </summary>
public class SafeTensorsCompressTests(ITestOutputHelper output)
{
    [Fact]
    public void TheSampleNetworkAsMixedDtypeSafetensorsComesBackWithItsQuantizedValues()
    {
        using var temp = new TemporaryFolder();
        SafeTensorsRoundTrip model = SafeTensorsRoundTrip.Write(RepoPaths.SampleModel, temp.File("lenet5.safetensors"));
        Assert.Contains(model.Placed, p => p.Tensor.DType == "BF16");
        Assert.Contains(model.Placed, p => p.Tensor.DType == "I64");

        JsonElement report = model.Compress(temp.File("lenet5.nqz"));
        Assert.Contains("has no graph to run", report.GetProperty("quality_note").GetString());
        Assert.Contains("no graph to run", report.GetProperty("probe").GetProperty("skipped_because").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("accuracy").GetProperty("original").ValueKind);
        Assert.Equal(model.Placed.Count(p => SafeTensorsRoundTrip.IsWeight(p.Tensor)), report.GetProperty("layers").GetArrayLength());

        CliResult decompress = CliRunner.Run("decompress", temp.File("lenet5.nqz"), "-o", temp.File("restored.safetensors"));
        Assert.True(decompress.ExitCode == 0, decompress.Stderr);
        double error = model.AssertRestored(temp.File("restored.safetensors"), temp.File("lenet5.nqz"));
        Assert.InRange(error, 1e-4, 0.05);

        Assert.Equal(0, CliRunner.Run("decompress", temp.File("lenet5.nqz"), "-o", temp.File("restored.onnx")).ExitCode);
        model.AssertOnnxHoldsTheSameBytes(temp.File("restored.onnx"), temp.File("restored.safetensors"));
    }

    [RealModelFact("all-MiniLM-L6-v2.onnx")]
    public void MiniLmAsSafetensorsComesBackWithItsQuantizedValues() => MeasureRealModel("all-MiniLM-L6-v2.onnx");

    [RealModelFact("ResNet18.onnx")]
    public void ResNet18AsSafetensorsComesBackWithItsQuantizedValues() => MeasureRealModel("ResNet18.onnx");

    // The figures of docs/safetensors.md: this test prints them (dotnet test ... --logger "console;verbosity=detailed").
    void MeasureRealModel(string name)
    {
        using var temp = new TemporaryFolder();
        string source = temp.File("model.safetensors"), container = temp.File("model.nqz"), restored = temp.File("restored.safetensors");
        SafeTensorsRoundTrip model = SafeTensorsRoundTrip.Write(RealModelFactAttribute.Find(name)!, source);
        JsonElement report = model.Compress(container);
        Assert.Equal(0, CliRunner.Run("decompress", container, "-o", restored).ExitCode);
        double error = model.AssertRestored(restored, container);
        Assert.InRange(error, 1e-4, 0.05);
        long sourceBytes = new FileInfo(source).Length, containerBytes = new FileInfo(container).Length;
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(c, "{0}: {1} tensors ({2}), {3:N0} parameters quantized; safetensors {4:N0} bytes -> .nqz {5:N0} bytes ({6:F2}x the file, " +
                                          "eq. (1) {7:F2}x at 32 bits); weights' relative L2 error as restored in their dtypes {8:F4}",
            name, model.Placed.Count, string.Join(" ", model.Placed.GroupBy(p => p.Tensor.DType).Select(g => $"{g.Count()} {g.Key}")),
            report.GetProperty("parameters").GetInt64(), sourceBytes, containerBytes, (double)sourceBytes / containerBytes,
            report.GetProperty("compression_ratio").GetDouble(), error));
    }

    [Fact]
    public void AShardedModelComesBackAsTheSameShardsAndIndex()
    {
        using var temp = new TemporaryFolder();
        string folder = Directory.CreateDirectory(temp.File("model")).FullName;
        List<SafeTensorsFixture.Tensor> tensors = SafeTensorsFixture.FromOnnx(Quantize.Format.Onnx.OnnxModelFile.Load(RepoPaths.SampleModel));
        var first = tensors.Take(tensors.Count / 2).ToList();
        var second = tensors.Skip(tensors.Count / 2).ToList();
        var placed = SafeTensorsFixture.Write(Path.Combine(folder, "model-00001-of-00002.safetensors"), first, SafeTensorsRoundTrip.Metadata)
            .Concat(SafeTensorsFixture.Write(Path.Combine(folder, "model-00002-of-00002.safetensors"), second, SafeTensorsRoundTrip.Metadata)).ToList();
        string index = Path.Combine(folder, "model.safetensors.index.json");
        File.WriteAllText(index, JsonSerializer.Serialize(new
        {
            metadata = new { total_size = tensors.Sum(t => (long)t.Bytes.Length) },
            weight_map = first.Select(t => (t.Name, File: "model-00001-of-00002.safetensors"))
                .Concat(second.Select(t => (t.Name, File: "model-00002-of-00002.safetensors"))).ToDictionary(p => p.Name, p => p.File),
        }));

        foreach (string given in new[] { index, folder })
        {
            string container = temp.File("sharded.nqz"), restored = temp.File("restored");
            Assert.Equal(0, CliRunner.Run("compress", given, "-o", container).ExitCode);
            CliResult result = CliRunner.Run("decompress", container, "-o", restored);
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal(["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json"],
                Directory.GetFiles(restored).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(File.ReadAllBytes(index), File.ReadAllBytes(Path.Combine(restored, "model.safetensors.index.json")));
            var decoded = Quantize.Format.Container.NqzDecoder.DecodeTensors(Quantize.Format.Container.NqzFile.Read(container)).ToDictionary(t => t.Name);
            foreach (string shard in new[] { "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors" })
            {
                byte[] source = File.ReadAllBytes(Path.Combine(folder, shard)), back = File.ReadAllBytes(Path.Combine(restored, shard));
                Assert.Equal(source.Length, back.Length);
                int headerEnd = 8 + (int)BitConverter.ToUInt64(source, 0);
                Assert.Equal(source[..headerEnd], back[..headerEnd]);
            }
            foreach ((SafeTensorsFixture.Tensor tensor, long offset) in placed)
            {
                string shard = first.Contains(tensor) ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
                byte[] bytes = File.ReadAllBytes(Path.Combine(restored, shard))[(int)offset..(int)(offset + tensor.Bytes.Length)];
                Assert.Equal(decoded.TryGetValue(tensor.Name, out var q) ? SafeTensorsFixture.Encode(tensor.DType, q.Values) : tensor.Bytes, bytes);
            }
            CliResult oneFile = CliRunner.Run("decompress", container, "-o", temp.File("one.safetensors"));
            Assert.Equal((int)ExitCode.UsageError, oneFile.ExitCode);
            Assert.Contains("give -o a folder", oneFile.Stderr);
            Directory.Delete(restored, recursive: true);
        }
    }
}
