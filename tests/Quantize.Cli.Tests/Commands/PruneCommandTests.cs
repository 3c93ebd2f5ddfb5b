using System.Text.Json;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

public class PruneCommandTests
{
    [Fact]
    public void GlobalRatioWritesNinetyPercentExactZeros()
    {
        using var temp = new TemporaryFolder();
        string output = temp.File("x.onnx");
        CliResult result = CliRunner.Run("prune", RepoPaths.SampleModel, "--ratio", "0.1", "--retrain-epochs", "0", "-o", output, "--json", "--data", RepoPaths.FashionMnist);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var weights = ModelParameters.Extract(OnnxModelFile.Load(output)).Where(p => p.Dims.Length >= 2).ToList();
        long total = weights.Sum(w => w.ElementCount);
        long zeros = weights.Sum(w => w.Values.LongCount(v => BitConverter.SingleToInt32Bits(v) == 0));
        Assert.Equal(total - (long)Math.Round(0.1 * total, MidpointRounding.AwayFromZero), zeros);

        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(total, root.GetProperty("parameters").GetInt64());
        Assert.Equal(total - zeros, root.GetProperty("kept").GetInt64());
        Assert.Equal(weights.Count, root.GetProperty("tensors").GetArrayLength());
        Assert.True(root.GetProperty("accuracy_before").GetDouble() > 80);
        Assert.Equal(JsonValueKind.Number, root.GetProperty("accuracy_pruned").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("accuracy_retrained").ValueKind);
    }

    [Fact]
    public void LayerRatiosWithShortRetrainingReportText()
    {
        using var temp = new TemporaryFolder();
        string output = temp.File("x.onnx");
        var weights = ModelParameters.Extract(OnnxModelFile.Load(RepoPaths.SampleModel)).Where(p => p.Dims.Length >= 2).ToList();
        CliResult result = CliRunner.Run("prune", RepoPaths.SampleModel, "--layer-ratios", $"{weights[0].Name}=0.5", "--retrain-epochs", "1",
            "--limit", "256", "--lr", "0.0001", "--seed", "2", "-o", output, "--data", RepoPaths.FashionMnist);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("after 1 retraining epoch", result.Stdout);
        ParameterTensor first = ModelParameters.Extract(OnnxModelFile.Load(output)).Single(p => p.Name == weights[0].Name);
        Assert.Equal(first.ElementCount - (long)Math.Round(0.5 * first.ElementCount, MidpointRounding.AwayFromZero), first.Values.LongCount(v => v == 0));
    }

    [Theory]
    [InlineData(ExitCode.UsageError, "--ratio", "0")]
    [InlineData(ExitCode.UsageError, "--ratio", "1.5")]
    [InlineData(ExitCode.UsageError)]
    [InlineData(ExitCode.UsageError, "--ratio", "0.5", "--layer-ratios", "a=0.5")]
    [InlineData(ExitCode.UsageError, "--layer-ratios", "conv1.weight")]
    [InlineData(ExitCode.UsageError, "--layer-ratios", "no.such.weight=0.5")]
    [InlineData(ExitCode.UsageError, "--ratio", "0.5", "--retrain-epochs", "0", "--save-moments", "m.safetensors")]
    public void BadInputGivesOneLine(ExitCode expected, params string[] options)
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run(["prune", RepoPaths.SampleModel, "-o", temp.File("x.onnx"), "--data", RepoPaths.FashionMnist, .. options]);
        AssertOneLine(result, expected);
        if (options.Contains("no.such.weight=0.5")) Assert.Contains("no.such.weight", result.Stderr);
    }

    [Fact]
    public void SavedMomentsAreNamedLikeTheModel_AndServeAsCompressImportanceWeights()
    {
        using var temp = new TemporaryFolder();
        string pruned = temp.File("p.onnx"), moments = temp.File("m.safetensors");
        CliResult result = CliRunner.Run("prune", RepoPaths.SampleModel, "--ratio", "0.2", "--retrain-epochs", "1", "--limit", "128",
            "--save-moments", moments, "-o", pruned, "--data", RepoPaths.FashionMnist);
        Assert.True(result.ExitCode == 0, result.Stderr);

        var names = ModelParameters.Extract(OnnxModelFile.Load(pruned)).Select(p => p.Name).Order().ToList();
        Assert.Equal(names, Quantize.Format.SafeTensors.SafeTensorsFile.Read(moments).Tensors.Select(t => t.Name).Order().ToList());
        CliResult compress = CliRunner.Run("compress", pruned, "-o", temp.File("p.nqz"), "--method", "hkmeans", "--bits", "3",
            "--hessian", $"adam:{moments}", "--no-eval", "--json");
        Assert.True(compress.ExitCode == 0, compress.Stderr);
        Assert.Equal("adam", JsonDocument.Parse(compress.Stdout).RootElement.GetProperty("hessian").GetProperty("source").GetString());
    }

    [Fact]
    public void MissingModelOrDataGivesOneLine()
    {
        using var temp = new TemporaryFolder();
        AssertOneLine(CliRunner.Run("prune", temp.File("absent.onnx"), "--ratio", "0.5", "-o", temp.File("x.onnx")), ExitCode.InputError);
        AssertOneLine(CliRunner.Run("prune", RepoPaths.SampleModel, "--ratio", "0.5", "-o", temp.File("x.onnx"), "--data", temp.File("nodata")), ExitCode.InputError);
        Assert.False(File.Exists(temp.File("x.onnx")));
    }

    static void AssertOneLine(CliResult result, ExitCode expected)
    {
        Assert.Equal((int)expected, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal("", result.Stdout);
    }
}
