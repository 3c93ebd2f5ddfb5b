using System.Globalization;
using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Sweep;

/// <summary>The CI gates on real runs: a threshold just past the achieved value fails with exit 5, just short of it passes.</summary>
public class GateTests
{
    static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void CompressRatioGate()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("c.nqz");
        string[] compress = ["compress", RepoPaths.SampleModel, "-o", container, "--method", "uniform", "--bits", "4", "--no-eval"];
        CliResult first = CliRunner.Run([.. compress, "--json"]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        double ratio = JsonDocument.Parse(first.Stdout).RootElement.GetProperty("compression_ratio").GetDouble();
        File.Delete(container);

        CliResult failed = CliRunner.Run([.. compress, "--min-ratio", Text(ratio + 0.01), "--summary", temp.File("summary.md")]);
        SweepRuns.AssertOneLineFailure(failed, ExitCode.GateFailed, "gate failed: compression ratio ");
        Assert.Contains("(short by 0.01)", failed.Stderr);
        Assert.True(File.Exists(container), "the container is written even when a gate fails");
        string summary = File.ReadAllText(temp.File("summary.md"));
        Assert.Contains("gate failed", summary);
        Assert.Contains("| conv1.weight | 20x1x5x5 |", summary); // the per-layer table

        CliResult passed = CliRunner.Run([.. compress, "--min-ratio", Text(ratio - 0.01)]);
        Assert.True(passed.ExitCode == 0, passed.Stderr);
        Assert.Contains("gates passed", passed.Stdout);
    }

    [Fact]
    public void CompressAccuracyGate()
    {
        using var temp = new TemporaryFolder();
        string[] compress = ["compress", RepoPaths.SampleModel, "-o", temp.File("c.nqz"), "--method", "uniform", "--bits", "3", "--data", RepoPaths.FashionMnist];
        CliResult first = CliRunner.Run([.. compress, "--json", "--max-accuracy-drop", "100"]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        JsonElement accuracy = JsonDocument.Parse(first.Stdout).RootElement.GetProperty("accuracy");
        double drop = accuracy.GetProperty("original").GetDouble() - accuracy.GetProperty("quantized").GetDouble();

        CliResult failed = CliRunner.Run([.. compress, "--max-accuracy-drop", Text(drop - 0.01)]);
        SweepRuns.AssertOneLineFailure(failed, ExitCode.GateFailed, "gate failed: accuracy drop ");
        Assert.Contains("(over by 0.01)", failed.Stderr);
    }

    [Fact]
    public void SweepRatioGatePassesWhenOneSettingMeetsIt()
    {
        using var temp = new TemporaryFolder();
        string[] grid = ["--methods", "kmeans,uniform", "--bits", "2,4", "--no-eval"];
        SweepRuns.SweepOk(temp.File("first"), grid);
        double best = SweepRuns.Rows(temp.File("first")).Max(r => r.GetProperty("compression_ratio").GetDouble());

        string summary = temp.File("summary.md");
        CliResult failed = SweepRuns.Sweep(temp.File("failed"), [.. grid, "--min-ratio", Text(best + 0.01), "--summary", summary]);
        SweepRuns.AssertOneLineFailure(failed, ExitCode.GateFailed, "gate failed: none of 8 settings meets --min-ratio");
        Assert.Contains("best: uniform 2 bits huffman, compression ratio", failed.Stderr);
        Assert.Contains("(short by 0.01)", failed.Stderr);
        Assert.True(File.Exists(temp.File("failed/sweep.json")), "outputs are written even when a gate fails");
        string markdown = File.ReadAllText(summary);
        Assert.Contains("gate failed", markdown);
        Assert.Contains("| method | coding | bits |", markdown);
        Assert.Contains("| uniform | huffman | 2 |", markdown);
        Assert.Contains("(failed/distortion-vs-codeword-length.png)", markdown); // relative to the summary

        CliResult passed = SweepRuns.Sweep(temp.File("passed"), [.. grid, "--min-ratio", Text(best - 0.01)]);
        Assert.True(passed.ExitCode == 0, passed.Stderr);
        Assert.Contains("gates passed: 1 of 8 settings", passed.Stdout);
    }

    [Fact]
    public void SweepAccuracyGateWithEvaluation()
    {
        using var temp = new TemporaryFolder();
        string[] grid = ["--methods", "uniform", "--bits", "2,5", "--coding", "huffman", "--data", RepoPaths.FashionMnist];
        CliResult first = SweepRuns.Sweep(temp.File("first"), [.. grid, "--max-accuracy-drop", "100", "--min-ratio", "5"]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        JsonElement[] rows = SweepRuns.Rows(temp.File("first"));
        double[] drops = rows.Select(r => r.GetProperty("accuracy").GetProperty("original").GetDouble() - r.GetProperty("accuracy").GetProperty("quantized").GetDouble()).ToArray();
        string closest = rows[Array.IndexOf(drops, drops.Min())].GetProperty("bits").GetInt32().ToString(CultureInfo.InvariantCulture);

        string summary = temp.File("summary.md");
        CliResult failed = SweepRuns.Sweep(temp.File("out"), [.. grid, "--max-accuracy-drop", Text(drops.Min() - 0.01), "--summary", summary]);
        SweepRuns.AssertOneLineFailure(failed, ExitCode.GateFailed, $"best: uniform {closest} bits huffman, accuracy drop");
        Assert.Contains("(over by 0.01)", failed.Stderr);
        Assert.Contains("![accuracy-vs-codeword-length](out/accuracy-vs-codeword-length.png)", File.ReadAllText(summary));
    }
}
