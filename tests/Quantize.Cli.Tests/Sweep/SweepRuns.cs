using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Sweep;

/// <summary>Runs small real sweeps of the shipped model (2 methods × 2 bit widths unless a test needs more).</summary>
static class SweepRuns
{
    public static CliResult Sweep(string output, params string[] options) =>
        CliRunner.Run(["sweep", RepoPaths.SampleModel, "-o", output, "-q", .. options]);

    public static CliResult SweepOk(string output, params string[] options)
    {
        CliResult result = Sweep(output, options);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result;
    }

    public static JsonElement Report(string directory) => JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "sweep.json"))).RootElement;

    public static JsonElement[] Rows(string directory) => [.. Report(directory).GetProperty("rows").EnumerateArray()];

    public static void AssertOneLineFailure(CliResult result, ExitCode expected, string mention)
    {
        Assert.Equal((int)expected, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(mention, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
