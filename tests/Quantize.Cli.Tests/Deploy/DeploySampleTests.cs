using System.Diagnostics;
using System.Text.RegularExpressions;
using Quantize.Runtime;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Deploy;

/// <summary>
/// samples/deploy (docs/deploy.md), run as a user runs it: the sample compressed by the real command, the application
/// started as a process on the container, its accuracy from ONNX Runtime the one <c>quantize eval</c> gives for the
/// <c>quantize decompress</c>ed model, and the model it restores the bytes decompress writes.
/// </summary>
public class DeploySampleTests
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    // Built by this project's reference to samples/deploy/Deploy.csproj.
    static readonly string DeployApp = Path.Combine(RepoPaths.Root, "samples", "deploy", "bin", Configuration, "net10.0", "deploy.dll");

    [Fact]
    public void DeployApp_ClassifiesFromTheContainer_AsEvalOfTheDecompressedModel()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("lenet5.nqz");
        string restored = temp.File("lenet5-restored.onnx");
        Assert.Equal(0, CliRunner.Run("compress", RepoPaths.SampleModel, "-o", container, "--no-eval").ExitCode);
        Assert.Equal(0, CliRunner.Run("decompress", container, "-o", restored).ExitCode);
        CliResult eval = CliRunner.Run("eval", restored, "--data", RepoPaths.FashionMnist);
        Assert.Equal(0, eval.ExitCode);

        (int exit, string stdout, string stderr) = RunDeploy(container, RepoPaths.FashionMnist);

        Assert.True(exit == 0, stderr);
        Assert.Equal(Accuracy(eval.Stdout), Accuracy(stdout));
        Assert.Equal(10_000, Accuracy(stdout).Total);
        Assert.Equal(File.ReadAllBytes(restored), NqzModel.Open(container).ToOnnxBytes());
    }

    [Fact]
    public void DeployApp_RefusesADamagedContainer_InOneLine()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("damaged.nqz");
        File.WriteAllBytes(container, [0x89, (byte)'N', (byte)'Q', (byte)'Z', 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xFF]);

        (int exit, string stdout, string stderr) = RunDeploy(container, RepoPaths.FashionMnist);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Matches(new Regex($"^deploy: {Regex.Escape(container)} is corrupt \\(unreadable envelope.*\\)$"), stderr.Trim());
    }

    /// <summary>"…: test accuracy 91.77% (9177/10000) on …", as eval and the sample print it.</summary>
    static (int Correct, int Total) Accuracy(string output)
    {
        Match match = Regex.Match(output, @"test accuracy \d+\.\d\d% \((\d+)/(\d+)\)");
        Assert.True(match.Success, output);
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
    }

    static (int Exit, string Stdout, string Stderr) RunDeploy(params string[] args)
    {
        Assert.True(File.Exists(DeployApp), $"{DeployApp} is missing: build tests/Quantize.Cli.Tests, which builds samples/deploy");
        // The host that runs these tests (dotnet test names it), else the one on PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        start.ArgumentList.Add(DeployApp);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
