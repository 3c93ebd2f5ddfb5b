using System.Text.Json;
using Quantize.Tests.Shared;
using Quantize.Torch;
using static TorchSharp.torch;

namespace Quantize.Cli.Tests.Commands;

/// <summary>--device on the commands that run tensor work: cpu by default, auto follows libtorch, cuda needs a CUDA build.</summary>
public class DeviceOptionTests
{
    public DeviceOptionTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<string, string[]> Commands => new()
    {
        { "eval", ["--data", RepoPaths.FashionMnist] },
        { "hessian", ["--data", RepoPaths.FashionMnist, "--samples", "16", "-o", "h.safetensors"] },
        { "prune", ["--data", RepoPaths.FashionMnist, "--ratio", "0.5", "--retrain-epochs", "0", "-o", "p.onnx"] },
        { "compress", ["--data", RepoPaths.FashionMnist, "--bits", "3", "--fine-tune-epochs", "1", "--fine-tune-limit", "64", "-o", "c.nqz"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void CudaWithoutCudaIsAUsageErrorThatSaysHowToBuildIt(string command, string[] rest)
    {
        using var temp = new TemporaryFolder();
        string[] args = [command, RepoPaths.SampleModel, .. rest.Select(a => a.EndsWith(".onnx") || a.EndsWith(".safetensors") || a.EndsWith(".nqz") ? temp.File(a) : a), "--device", "cuda"];
        CliResult result = CliRunner.Run(args);
        if (cuda.is_available())
        {
            Assert.True(result.ExitCode == 0, result.Stderr); // a CUDA build on a GPU machine just runs
            return;
        }

        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("CUDA is not available", result.Stderr);
        Assert.Contains("-p:TorchBackend=cuda", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void AutoScoresLikeTheDefault()
    {
        CliResult byDefault = CliRunner.Run("eval", RepoPaths.SampleModel, "--data", RepoPaths.FashionMnist, "--json");
        CliResult auto = CliRunner.Run("eval", RepoPaths.SampleModel, "--data", RepoPaths.FashionMnist, "--json", "--device", "auto");

        Assert.True(auto.ExitCode == 0, auto.Stderr);
        using JsonDocument json = JsonDocument.Parse(auto.Stdout), cpu = JsonDocument.Parse(byDefault.Stdout);
        double accuracy = json.RootElement.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy > 85, $"accuracy {accuracy}");
        // Where auto is the CPU the output is the very same; on a GPU a near-tie may flip.
        if (!cuda.is_available()) Assert.Equal(byDefault.Stdout, auto.Stdout);
        else Assert.InRange(Math.Abs(accuracy - cpu.RootElement.GetProperty("accuracy").GetDouble()), 0, 0.03);
    }

    [Fact]
    public void UnknownDeviceIsRejectedWhileParsing()
    {
        CliResult result = CliRunner.Run("eval", RepoPaths.SampleModel, "--device", "tpu");
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains("tpu", result.Stderr);
    }
}
