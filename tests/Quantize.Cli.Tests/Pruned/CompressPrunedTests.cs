using System.Text.Json;
using Quantize.Core.Scaling;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Pruned;

/// <summary>
/// <c>compress</c> of a pruned model: only kept weights are quantized, positions or zero clusters restore the
/// zeros exactly, and every bit of the container is in eq. (1)'s report.
/// </summary>
public class CompressPrunedTests(PrunedSample sample) : IClassFixture<PrunedSample>
{
    static JsonElement Compress(string model, string output, params string[] options)
    {
        CliResult result = CliRunner.Run(["compress", model, "-o", output, "--json", .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    static long Bits(JsonElement sizes, string name) => sizes.GetProperty(name).GetInt64();

    [Fact]
    public void IndexDifferences_ItemiseEveryBitOfTheContainer_AndDecodeToTheReportedAccuracy()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("p.nqz");
        JsonElement report = Compress(sample.Path, container, "--method", "uniform", "--bits", "5", "--data", RepoPaths.FashionMnist);
        NqzBody body = NqzFile.Read(container);
        JsonElement sizes = report.GetProperty("sizes");

        // Eq. (1) equals the container's own bit counts, term by term.
        Assert.Equal(body.Codebooks.Sum(c => (long)c.StreamBits), Bits(sizes, "weight_bits"));
        Assert.Equal(body.Tensors.Sum(t => (long)(t.Positions?.StreamBits ?? 0)), Bits(sizes, "index_bits"));
        Assert.Equal(body.Tensors.Sum(t => t.Positions?.CodeLengths.Sum(l => (long)l) ?? 0), Bits(sizes, "index_table_bits"));
        Assert.Equal(32L * body.Codebooks.Sum(c => c.Values.Count), Bits(sizes, "shared_value_bits"));
        long total = Bits(sizes, "weight_bits") + Bits(sizes, "codeword_table_bits") + Bits(sizes, "shared_value_bits")
            + Bits(sizes, "index_bits") + Bits(sizes, "index_table_bits");
        Assert.Equal(total, Bits(sizes, "total_bits"));
        Assert.Equal(Bits(sizes, "original_bits") / (double)total, report.GetProperty("compression_ratio").GetDouble(), 12);
        Assert.True(Bits(sizes, "index_bits") > 0);

        // Kept and pruned as the rule says: every zero of a weight is pruned, biases are whole.
        Assert.Equal(sample.PrunedCount, report.GetProperty("pruned").GetInt64());
        Assert.Equal(431_080 - sample.PrunedCount, report.GetProperty("kept").GetInt64());
        Assert.Equal("index-diff", report.GetProperty("positions").GetProperty("mode").GetString());
        Assert.Equal(total, report.GetProperty("positions").GetProperty("index_diff_bits").GetInt64());
        Assert.True(report.GetProperty("positions").GetProperty("zero_cluster_bits").GetInt64() > 0);
        foreach (JsonElement layer in report.GetProperty("layers").EnumerateArray())
        {
            string name = layer.GetProperty("name").GetString()!;
            QuantizedTensor tensor = body.Tensors.Single(t => t.Name == name);
            ParameterTensor original = sample.Parameters.Single(p => p.Name == name);
            Assert.Equal((long)(tensor.Positions?.StreamBits ?? 0), layer.GetProperty("index_bits").GetInt64());
            Assert.Equal(original.Dims.Length >= 2 ? original.Values.LongCount(v => v != 0) : original.ElementCount, layer.GetProperty("kept").GetInt64());
            Assert.Equal(original.Dims.Length >= 2, tensor.Positions != null);
        }

        // Decoded: zeros exactly where pruned, kept weights on a codebook value, and the accuracy reported.
        string restored = temp.File("restored.onnx");
        Assert.Equal(0, CliRunner.Run("decompress", container, "-o", restored).ExitCode);
        IReadOnlyList<ParameterTensor> decoded = ModelParameters.Extract(OnnxModelFile.Load(restored));
        var values = body.Codebooks[0].Values.ToHashSet();
        foreach (ParameterTensor original in sample.Parameters)
        {
            float[] got = decoded.Single(p => p.Name == original.Name).Values;
            for (int i = 0; i < got.Length; i++)
                if (original.Dims.Length >= 2 && original.Values[i] == 0) Assert.Equal(0, BitConverter.SingleToInt32Bits(got[i]));
                else Assert.Contains(got[i], values);
        }
        CliResult eval = CliRunner.Run("eval", restored, "--json", "--data", RepoPaths.FashionMnist);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Equal(report.GetProperty("accuracy").GetProperty("quantized").GetDouble(),
            JsonDocument.Parse(eval.Stdout).RootElement.GetProperty("accuracy").GetDouble());
    }

    [Theory]
    [InlineData("huffman")]
    [InlineData("ans")]
    [InlineData("fixed")]
    public void ZeroCluster_StoresNoPositions_AndDecodesLikeIndexDifferences(string coding)
    {
        using var temp = new TemporaryFolder();
        string[] options = ["--per-layer", "--conv-bits", "4", "--fc-bits", "3", "--coding", coding, "--no-eval"];
        JsonElement indexDiff = Compress(sample.Path, temp.File("i.nqz"), options);
        JsonElement zeroCluster = Compress(sample.Path, temp.File("z.nqz"), [.. options, "--positions", "zero-cluster"]);

        NqzBody zeros = NqzFile.Read(temp.File("z.nqz"));
        Assert.All(zeros.Tensors, t => Assert.Null(t.Positions));
        Assert.Equal(0, Bits(zeroCluster.GetProperty("sizes"), "index_bits"));
        Assert.Equal("zero-cluster", zeroCluster.GetProperty("positions").GetProperty("mode").GetString());
        // Each run codes the other mode too; the figures agree with what the other run wrote.
        Assert.Equal(Bits(zeroCluster.GetProperty("sizes"), "total_bits"), indexDiff.GetProperty("positions").GetProperty("zero_cluster_bits").GetInt64());
        Assert.Equal(Bits(indexDiff.GetProperty("sizes"), "total_bits"), zeroCluster.GetProperty("positions").GetProperty("index_diff_bits").GetInt64());

        IReadOnlyList<ParameterTensor> a = NqzDecoder.DecodeTensors(NqzFile.Read(temp.File("i.nqz")));
        IReadOnlyList<ParameterTensor> b = NqzDecoder.DecodeTensors(zeros);
        for (int t = 0; t < a.Count; t++) Assert.Equal(a[t].Values, b[t].Values);
        long zerosDecoded = b.Where(t => t.Dims.Length >= 2).Sum(t => t.Values.LongCount(v => v == 0));
        Assert.True(zerosDecoded >= sample.PrunedCount);
    }

    [Fact]
    public void GapWidths_FollowTheLayerType_AndTheOptions()
    {
        using var temp = new TemporaryFolder();
        JsonElement report = Compress(sample.Path, temp.File("g.nqz"), "--bits", "4", "--fc-index-bits", "3", "--conv-index-bits", "6", "--no-eval");
        NqzBody body = NqzFile.Read(temp.File("g.nqz"));
        Assert.Equal(6u, body.Tensors.Single(t => t.Name == "conv2.weight").Positions.GapBits);
        Assert.Equal(3u, body.Tensors.Single(t => t.Name == "fc1.weight").Positions.GapBits);
        JsonElement fc1 = report.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "fc1.weight");
        Assert.Equal(3, fc1.GetProperty("gap_bits").GetInt32());

        // Defaults: Deep Compression's 8 bits for convolutions and 5 for fully connected layers.
        Compress(sample.Path, temp.File("d.nqz"), "--bits", "4", "--no-eval");
        NqzBody defaults = NqzFile.Read(temp.File("d.nqz"));
        Assert.Equal(8u, defaults.Tensors.Single(t => t.Name == "conv1.weight").Positions.GapBits);
        Assert.Equal(5u, defaults.Tensors.Single(t => t.Name == "fc2.weight").Positions.GapBits);
    }

    [Fact]
    public void AnUnprunedModel_StoresNoPositions()
    {
        using var temp = new TemporaryFolder();
        JsonElement report = Compress(RepoPaths.SampleModel, temp.File("u.nqz"), "--bits", "4", "--no-eval");
        Assert.All(NqzFile.Read(temp.File("u.nqz")).Tensors, t => Assert.Null(t.Positions));
        Assert.Equal(0, report.GetProperty("pruned").GetInt64());
        Assert.Equal(0, Bits(report.GetProperty("sizes"), "index_bits"));
        Assert.Equal(report.GetProperty("positions").GetProperty("index_diff_bits").GetInt64(),
            report.GetProperty("positions").GetProperty("zero_cluster_bits").GetInt64());
    }

    [Theory]
    [InlineData("--positions", "both", "'both' not recognized")]
    [InlineData("--fc-index-bits", "0", "--fc-index-bits")]
    [InlineData("--conv-index-bits", "17", "--conv-index-bits")]
    public void BadPositionOptions_AreUserErrors(string option, string value, string message)
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run("compress", sample.Path, "-o", temp.File("x.nqz"), option, value, "--no-eval");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.False(File.Exists(temp.File("x.nqz")));
    }

    [Fact]
    public void Inspect_ShowsIndexBitsPerTensor_AndTheSameTotal()
    {
        using var temp = new TemporaryFolder();
        JsonElement report = Compress(sample.Path, temp.File("p.nqz"), "--bits", "4", "--no-eval");
        CliResult inspect = CliRunner.Run("inspect", temp.File("p.nqz"), "--json");
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        JsonElement root = JsonDocument.Parse(inspect.Stdout).RootElement;
        Assert.Equal(Bits(report.GetProperty("sizes"), "total_bits"), root.GetProperty("storage").GetProperty("total_bits").GetInt64());
        Assert.Equal(Bits(report.GetProperty("sizes"), "index_bits"), root.GetProperty("storage").GetProperty("index_bits").GetInt64());
        var layers = report.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        foreach (JsonElement tensor in root.GetProperty("tensors").EnumerateArray())
            Assert.Equal(layers[tensor.GetProperty("name").GetString()!].GetProperty("index_bits").GetInt64(), tensor.GetProperty("index_bits").GetInt64());
        CliResult text = CliRunner.Run("inspect", temp.File("p.nqz"));
        Assert.Contains("index bits", text.Stdout);
    }

    [Fact]
    public void Sweep_CodesPrunedWeightsAsCompressDoes()
    {
        using var temp = new TemporaryFolder();
        CliResult sweep = CliRunner.Run("sweep", sample.Path, "-o", temp.File("sweep"), "-q", "--methods", "uniform", "--bits", "4", "--coding", "huffman", "--no-eval");
        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        JsonElement row = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File("sweep"), "sweep.json"))).RootElement.GetProperty("rows")[0];
        JsonElement report = Compress(sample.Path, temp.File("c.nqz"), "--method", "uniform", "--bits", "4", "--coding", "huffman", "--no-eval");
        Assert.True(Bits(row.GetProperty("sizes"), "index_bits") > 0);
        Assert.Equal(Bits(report.GetProperty("sizes"), "index_bits"), Bits(row.GetProperty("sizes"), "index_bits"));
        Assert.Equal(Bits(report.GetProperty("sizes"), "total_bits"), Bits(row.GetProperty("sizes"), "total_bits"));
        Assert.Equal(report.GetProperty("sizes").GetProperty("container_bytes").GetInt64(), row.GetProperty("container_bytes").GetInt64());
    }

    [Fact]
    public void ChannelScales_OnAPrunedModel_KeepZerosExact_AndScaleTheKeptValuesOnly()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("s.nqz"), restored = temp.File("s.onnx");
        JsonElement report = Compress(sample.Path, container, "--method", "kmeans", "--bits", "4", "--scale", "channel", "--per-layer", "--no-eval");
        Assert.True(Bits(report.GetProperty("sizes"), "scale_bits") > 0);
        NqzBody body = NqzFile.Read(container);
        Dictionary<string, ParameterTensor> original = sample.Parameters.ToDictionary(p => p.Name);
        // The scale of fc1's first row is the RMS of its kept values, not diluted by its pruned zeros (rounded as stored).
        float[] row = original["fc1.weight"].Values.AsSpan(0, 800).ToArray();
        float[] keptRow = row.Where(v => v != 0).ToArray();
        float stored = ContainerScales.Of(body.Tensors.Single(t => t.Name == "fc1.weight"))!.Values[0];
        Assert.True(ScalePrecision.IsRepresentable(stored, ScalePrecision.DefaultMantissaBits));
        Assert.InRange(stored / MathF.Sqrt(keptRow.Sum(v => v * v) / keptRow.Length), 1 - 1 / 16f, 1 + 1 / 16f); // within half a step of 3 bits

        Assert.Equal(0, CliRunner.Run("decompress", container, "-o", restored).ExitCode);
        foreach (ParameterTensor after in ModelParameters.Extract(OnnxModelFile.Load(restored)))
        {
            ParameterTensor before = original[after.Name];
            if (before.Dims.Length >= 2)
                for (int i = 0; i < before.Values.Length; i++)
                    if (before.Values[i] == 0) Assert.Equal(0f, after.Values[i]);
            double sqnr = Quantize.Core.Accounting.ReconstructionError.Of(before.Values, after.Values).SqnrDb;
            JsonElement layer = report.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == after.Name);
            Assert.Equal(sqnr, layer.GetProperty("sqnr_db").GetDouble(), 2);
        }
    }
}
