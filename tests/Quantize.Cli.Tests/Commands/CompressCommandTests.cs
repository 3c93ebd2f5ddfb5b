using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

public class CompressCommandTests
{
    static readonly string Data = RepoPaths.FashionMnist;

    [Fact]
    public void CompressesTheSampleAndDecompressedModelScoresExactlyAsReported()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("l.nqz");
        CliResult compress = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", container, "--method", "uniform", "--bits", "5", "--json", "--data", Data);
        Assert.True(compress.ExitCode == 0, compress.Stderr);
        using JsonDocument report = JsonDocument.Parse(compress.Stdout);
        JsonElement root = report.RootElement;

        foreach (string key in new[] { "model", "parameters", "method", "coding", "clusters", "entropy_bits", "average_codeword_bits", "distortion", "compression_ratio", "sizes", "accuracy", "layers" })
            Assert.True(root.TryGetProperty(key, out _), $"report lacks '{key}'");
        foreach (string key in new[] { "original_bits", "weight_bits", "index_bits", "table_bits", "container_bytes" })
            Assert.True(root.GetProperty("sizes").TryGetProperty(key, out _), $"sizes lacks '{key}'");
        Assert.Equal(JsonValueKind.Null, root.GetProperty("accuracy").GetProperty("fine_tuned").ValueKind);
        Assert.Equal(431_080, root.GetProperty("parameters").GetInt64());
        Assert.Equal(8, root.GetProperty("layers").GetArrayLength());

        double ratio = root.GetProperty("compression_ratio").GetDouble();
        double original = root.GetProperty("accuracy").GetProperty("original").GetDouble();
        double quantized = root.GetProperty("accuracy").GetProperty("quantized").GetDouble();
        Assert.True(ratio > 5, $"ratio {ratio}");
        Assert.True(Math.Abs(original - quantized) < 1, $"original {original}, quantized {quantized}");

        // eq. (1): the ratio is original bits over the sum of the itemised terms.
        JsonElement sizes = root.GetProperty("sizes");
        long total = sizes.GetProperty("weight_bits").GetInt64() + sizes.GetProperty("index_bits").GetInt64() + sizes.GetProperty("table_bits").GetInt64();
        Assert.Equal(sizes.GetProperty("original_bits").GetInt64() / (double)total, ratio, 12);
        Assert.Equal(new FileInfo(container).Length, sizes.GetProperty("container_bytes").GetInt64());
        Assert.Equal(sizes.GetProperty("weight_bits").GetInt64(), root.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("bits").GetInt64()));

        string restored = temp.File("restored.onnx");
        Assert.Equal(0, CliRunner.Run("decompress", container, "-o", restored).ExitCode);
        CliResult eval = CliRunner.Run("eval", restored, "--json", "--data", Data);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        using JsonDocument evaluated = JsonDocument.Parse(eval.Stdout);
        Assert.Equal(quantized, evaluated.RootElement.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void SameInputsGiveByteIdenticalContainers()
    {
        using var temp = new TemporaryFolder();
        string first = temp.File("a.nqz"), second = temp.File("b.nqz");
        Assert.Equal(0, CliRunner.Run("compress", RepoPaths.SampleModel, "-o", first, "--clusters", "20", "--no-eval").ExitCode);
        Assert.Equal(0, CliRunner.Run("compress", RepoPaths.SampleModel, "-o", second, "--clusters", "20", "--no-eval").ExitCode);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void MoreBitsGiveLessDistortionAndALowerRatio()
    {
        using var temp = new TemporaryFolder();
        JsonElement Compress(int bits)
        {
            CliResult result = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File($"{bits}.nqz"), "--bits", bits.ToString(), "--no-eval", "--json");
            Assert.True(result.ExitCode == 0, result.Stderr);
            return JsonDocument.Parse(result.Stdout).RootElement;
        }
        JsonElement low = Compress(3), high = Compress(6);
        Assert.True(high.GetProperty("distortion").GetDouble() < low.GetProperty("distortion").GetDouble());
        Assert.True(high.GetProperty("compression_ratio").GetDouble() < low.GetProperty("compression_ratio").GetDouble());
        Assert.True(high.GetProperty("entropy_bits").GetDouble() > low.GetProperty("entropy_bits").GetDouble());
        Assert.Equal(JsonValueKind.Null, low.GetProperty("accuracy").GetProperty("original").ValueKind);
    }
}
