using System.Text.Json.Nodes;
using Quantize.Cli.Tests.Commands;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Robustness;

/// <summary>
/// Issue 18, item 6: the same inputs and seed give byte-identical files with 1 and 2 threads (--threads) and any --jobs
/// of sweep. Before libtorch's kernels were made thread-invariant (Torch/ThreadInvariantKernels) the fine-tuned and the
/// Hessian-weighted containers differed between 1 and 2 threads.
/// </summary>
public class ThreadCountDeterminismTests
{
    static byte[] Compress(TemporaryFolder temp, string name, params string[] options)
    {
        string output = temp.File(name);
        CliResult result = CliRunner.Run(["compress", RepoPaths.SampleModel, "-o", output, .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return File.ReadAllBytes(output);
    }

    [Fact]
    public void Compress_DefaultSettings_SameBytesWithOneAndTwoThreads()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), trainImages: 256, testImages: 256);

        byte[] one = Compress(temp, "one.nqz", "--data", data, "--threads", "1");
        byte[] two = Compress(temp, "two.nqz", "--data", data, "--threads", "2");

        Assert.Equal(one, two);
    }

    [Fact]
    public void Compress_HessianWeightedWithFineTuning_SameBytesWithOneAndTwoThreads()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), trainImages: 512, testImages: 64);
        string[] options = ["--data", data, "--method", "hkmeans", "--bits", "4", "--hessian", "gauss-newton", "--hessian-samples", "128",
            "--fine-tune-epochs", "1", "--no-eval"];

        byte[] one = Compress(temp, "one.nqz", [.. options, "--threads", "1"]);
        byte[] two = Compress(temp, "two.nqz", [.. options, "--threads", "2"]);

        Assert.Equal(one, two);
    }

    [Fact]
    public void Sweep_WithFineTuning_SameFilesForAnyJobsAndThreads()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), trainImages: 256, testImages: 128);
        string[] sweep = ["sweep", RepoPaths.SampleModel, "--methods", "uniform,hkmeans", "--bits", "2,3", "--hessian", "gauss-newton",
            "--hessian-samples", "64", "--fine-tune-epochs", "1", "--data", data, "-q"];

        Assert.Equal(0, CliRunner.Run([.. sweep, "-o", temp.File("a"), "--jobs", "1", "--threads", "1"]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. sweep, "-o", temp.File("b"), "--jobs", "3", "--threads", "2"]).ExitCode);

        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File("a"), "sweep.csv")), File.ReadAllBytes(Path.Combine(temp.File("b"), "sweep.csv")));
        Assert.Equal(WithoutCommandLine(temp.File("a")), WithoutCommandLine(temp.File("b")));
    }

    // The report quotes the command line as typed (its --jobs and -o differ by design); everything else must agree.
    static string WithoutCommandLine(string folder)
    {
        JsonObject report = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "sweep.json")))!.AsObject();
        Assert.True(report.Remove("command"));
        return report.ToJsonString();
    }
}
