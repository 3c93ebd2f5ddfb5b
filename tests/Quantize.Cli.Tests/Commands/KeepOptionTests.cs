using System.Text.Json;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>compress --keep (issue 14): named tensors stay exact in the container's model and cost 32 bits each in eq. (1).</summary>
public class KeepOptionTests
{
    [Fact]
    public void KeptTensors_ComeBackBitForBit_AndAreCountedInEquationOne()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("k.nqz"), restored = temp.File("k.onnx");

        CliResult result = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", container, "--keep", "fc2.*", "--keep", "conv1.bias", "--no-eval", "--json");
        CliResult text = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("t.nqz"), "--keep", "fc2.*", "--keep", "conv1.bias", "--no-eval");

        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement report = JsonDocument.Parse(result.Stdout).RootElement;
        // In model order, as the container and the report's layers list tensors.
        string[] exempt = report.GetProperty("exempt").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["conv1.bias", "fc2.weight", "fc2.bias"], exempt);
        Assert.Equal(431080, report.GetProperty("parameters").GetInt64());
        Assert.DoesNotContain(report.GetProperty("layers").EnumerateArray(), l => l.GetProperty("name").GetString()!.StartsWith("fc2.", StringComparison.Ordinal));
        JsonElement sizes = report.GetProperty("sizes");
        Assert.Equal(32L * (5000 + 10 + 20), sizes.GetProperty("exempt_bits").GetInt64());
        long total = sizes.GetProperty("weight_bits").GetInt64() + sizes.GetProperty("table_bits").GetInt64() + sizes.GetProperty("index_bits").GetInt64()
                     + sizes.GetProperty("scale_bits").GetInt64() + sizes.GetProperty("exempt_bits").GetInt64();
        Assert.Equal(total, sizes.GetProperty("total_bits").GetInt64());
        Assert.Equal(32L * 431080, sizes.GetProperty("original_bits").GetInt64());

        Assert.Equal(0, CliRunner.Run("decompress", container, "-o", restored).ExitCode);
        var before = ModelParameters.Extract(OnnxModelFile.Load(RepoPaths.SampleModel)).ToDictionary(t => t.Name);
        var after = ModelParameters.Extract(OnnxModelFile.Load(restored)).ToDictionary(t => t.Name);
        foreach (string name in new[] { "fc2.weight", "fc2.bias", "conv1.bias" })
            Assert.Equal(before[name].Values, after[name].Values);
        Assert.NotEqual(before["fc1.weight"].Values, after["fc1.weight"].Values);

        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("kept exact (--keep): 5030 parameters in conv1.bias (20), fc2.weight (10x500), fc2.bias (10)", text.Stdout);
    }

    [Theory]
    [InlineData("fc9.*", "--keep 'fc9.*' matches no learned tensor of the model")]
    [InlineData("*", "--keep names every learned tensor of the model")]
    public void PatternsThatCannotBeMeant_AreRefusedInOneLine(string pattern, string message)
    {
        using var temp = new TemporaryFolder();

        CliResult result = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--keep", pattern, "--no-eval");

        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.StartsWith($"quantize: {message}", Assert.Single(result.ErrorLines).Trim());
        Assert.False(File.Exists(temp.File("x.nqz")));
    }
}
