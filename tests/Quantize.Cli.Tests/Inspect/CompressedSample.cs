using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Inspect;

/// <summary>The sample compressed once at 4 bits, with compress's own report, shared by the container tests.</summary>
public sealed class CompressedSample : IDisposable
{
    readonly TemporaryFolder temp = new();

    public CompressedSample()
    {
        Path = temp.File("sample.nqz");
        CliResult result = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", Path, "--bits", "4", "--no-eval", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Report = JsonDocument.Parse(result.Stdout);
    }

    public string Path { get; }

    public JsonDocument Report { get; }

    public string File(string name) => temp.File(name);

    public void Dispose()
    {
        Report.Dispose();
        temp.Dispose();
    }
}
