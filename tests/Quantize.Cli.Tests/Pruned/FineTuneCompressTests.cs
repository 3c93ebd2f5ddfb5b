using System.Text.Json;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Pruned;

/// <summary>
/// <c>compress --fine-tune-epochs</c> on a pruned model: the container holds the fine-tuned shared values with
/// the quantized assignments and pruned positions, and the report's fine-tuned accuracy is what a reader gets.
/// </summary>
public class FineTuneCompressTests(PrunedSample sample) : IClassFixture<PrunedSample>
{
    static readonly string[] Tuning = ["--fine-tune-epochs", "1", "--fine-tune-limit", "512", "--lr", "0.001", "--data", RepoPaths.FashionMnist];

    static JsonElement Compress(string model, string output, params string[] options)
    {
        CliResult result = CliRunner.Run(["compress", model, "-o", output, "--json", .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    [Fact]
    public void FineTunedContainer_KeepsAssignmentsAndZeros_MovesTheValues_AndDecodesToTheReportedAccuracy()
    {
        using var temp = new TemporaryFolder();
        string plain = temp.File("plain.nqz"), tuned = temp.File("tuned.nqz");
        JsonElement before = Compress(sample.Path, plain, "--method", "uniform", "--bits", "3", "--data", RepoPaths.FashionMnist);
        JsonElement after = Compress(sample.Path, tuned, ["--method", "uniform", "--bits", "3", .. Tuning]);

        // Same quantization, so the same positions and index streams; only the shared values differ.
        NqzBody plainBody = NqzFile.Read(plain), tunedBody = NqzFile.Read(tuned);
        Assert.Equal(plainBody.Codebooks[0].Stream, tunedBody.Codebooks[0].Stream);
        Assert.Equal(plainBody.Tensors.Select(t => t.Positions), tunedBody.Tensors.Select(t => t.Positions));
        Assert.NotEqual(plainBody.Codebooks[0].Values, tunedBody.Codebooks[0].Values);

        // Every restored weight is a fine-tuned value, and the pruned ones are still exactly zero.
        var values = new HashSet<float>(tunedBody.Codebooks[0].Values);
        var original = sample.Parameters.ToDictionary(p => p.Name);
        foreach (ParameterTensor tensor in NqzDecoder.DecodeTensors(tunedBody))
            for (int i = 0; i < tensor.Values.Length; i++)
            {
                bool pruned = tensor.Dims.Length >= 2 && original[tensor.Name].Values[i] == 0;
                if (pruned) Assert.Equal(0, BitConverter.SingleToInt32Bits(tensor.Values[i]));
                else Assert.Contains(tensor.Values[i], values);
            }

        JsonElement accuracy = after.GetProperty("accuracy");
        Assert.Equal(before.GetProperty("accuracy").GetProperty("quantized").GetDouble(), accuracy.GetProperty("quantized").GetDouble());
        double fineTuned = accuracy.GetProperty("fine_tuned").GetDouble();
        JsonElement tuning = after.GetProperty("fine_tuning");
        Assert.Equal(1, tuning.GetProperty("epochs").GetInt32());
        Assert.Equal(512, tuning.GetProperty("training_images").GetInt64());
        Assert.Equal("avg", tuning.GetProperty("aggregate").GetString());
        Assert.Equal(1, tuning.GetProperty("epoch_losses").GetArrayLength());

        string restored = temp.File("restored.onnx");
        Assert.Equal(0, CliRunner.Run("decompress", tuned, "-o", restored).ExitCode);
        CliResult eval = CliRunner.Run("eval", restored, "--json", "--data", RepoPaths.FashionMnist);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Equal(fineTuned, JsonDocument.Parse(eval.Stdout).RootElement.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void FineTuning_IsDeterministic_AndSumDiffersFromAverage()
    {
        using var temp = new TemporaryFolder();
        string[] options = ["--method", "uniform", "--bits", "3", "--no-eval", .. Tuning];
        Compress(sample.Path, temp.File("a.nqz"), options);
        Compress(sample.Path, temp.File("b.nqz"), options);
        Compress(sample.Path, temp.File("sum.nqz"), [.. options, "--aggregate", "sum"]);
        Assert.Equal(File.ReadAllBytes(temp.File("a.nqz")), File.ReadAllBytes(temp.File("b.nqz")));
        Assert.NotEqual(NqzFile.Read(temp.File("a.nqz")).Codebooks[0].Values, NqzFile.Read(temp.File("sum.nqz")).Codebooks[0].Values);
    }

    [Fact]
    public void DeepCompressionPreset_IsLayerwiseKMeansWithDeepCompressionsWidths()
    {
        using var temp = new TemporaryFolder();
        JsonElement report = Compress(sample.Path, temp.File("dc.nqz"), "--preset", "deep-compression", "--no-eval");
        Assert.Equal("kmeans", report.GetProperty("method").GetString());
        Assert.Equal("lloyd", report.GetProperty("solver").GetString());
        Assert.True(report.GetProperty("per_layer").GetBoolean());

        NqzBody body = NqzFile.Read(temp.File("dc.nqz"));
        foreach (JsonElement layer in report.GetProperty("layers").EnumerateArray())
        {
            string name = layer.GetProperty("name").GetString()!;
            bool fc = name.StartsWith("fc", StringComparison.Ordinal);
            Assert.True(layer.GetProperty("clusters").GetInt32() <= (fc ? 32 : 256), name);
            QuantizedTensor written = body.Tensors.Single(t => t.Name == name);
            if (written.Positions != null) Assert.Equal(fc ? 5u : 8u, written.Positions.GapBits);
        }
        Assert.Equal(4, body.Codebooks.Count); // conv1, conv2, fc1, fc2 with their biases
    }

    [Theory]
    [InlineData("--preset", "deep-compression", "--bits", "4")]
    [InlineData("--preset", "deep-compression", "--per-layer")]
    [InlineData("--aggregate", "sum")]
    [InlineData("--lr", "0.01")]
    [InlineData("--fine-tune-epochs", "1", "--aggregate", "mean")]
    public void ConflictingOrStrayOptions_AreUsageErrors(params string[] options)
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run(["compress", sample.Path, "-o", temp.File("x.nqz"), "--no-eval", .. options]);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.False(File.Exists(temp.File("x.nqz")));
    }
}
