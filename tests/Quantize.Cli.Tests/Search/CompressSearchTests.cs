using System.Text.Json;
using Quantize.Cli.Gates;
using Quantize.Cli.Search;
using Quantize.Cli.Tests.Commands;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Search;

/// <summary>
/// compress --search on the sample, scaled down: 600 training images (200 carved for validation) and 300 test images, and
/// a few evaluations, so each run takes seconds. The file found meets the budget on validation, every probe is a row,
/// an impossible budget exits 5 with nothing written, and the same seed gives the same file and rows.
/// </summary>
public sealed class CompressSearchTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    readonly string data;

    public CompressSearchTests() => data = TinyFashionMnist.Write(folder.File("data"), trainImages: 600, testImages: 300);

    public void Dispose() => folder.Dispose();

    CliResult Search(string output, params string[] more) => CliRunner.Run([
        "compress", RepoPaths.SampleModel, "-o", output, "--data", data, "--search", "--validation", "200", "--json", .. more,
        .. more.Contains("--max-evaluations") ? Array.Empty<string>() : ["--max-evaluations", "6"]]);

    [Fact]
    public void FindsAFileThatMeetsTheBudgetOnValidationAndListsEveryProbe()
    {
        string output = folder.File("searched.nqz");
        CliResult result = Search(output, "--max-accuracy-drop", "1");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(File.Exists(output));
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement root = json.RootElement;
        JsonElement[] probes = [.. root.GetProperty("search").EnumerateArray()];
        Assert.InRange(probes.Length, 2, 6);
        foreach (JsonElement probe in probes)
        {
            Assert.Equal("step", probe.GetProperty("knob").GetString());
            Assert.True(probe.GetProperty("compression_ratio").GetDouble() > 1);
            Assert.True(probe.GetProperty("validation_accuracy").ValueKind == JsonValueKind.Number);
        }
        // Every probe was a progress line on stderr.
        Assert.Equal(probes.Length, result.ErrorLines.Count(l => l.StartsWith("search ", StringComparison.Ordinal)));
        JsonElement chosen = Assert.Single(probes, p => p.GetProperty("chosen").GetBoolean());
        Assert.True(chosen.GetProperty("meets_budget").GetBoolean());
        Assert.True(chosen.GetProperty("validation_drop").GetDouble() <= 1);
        // The smallest passing probe is the one chosen, and the file written is that probe's.
        long smallest = probes.Where(p => p.GetProperty("meets_budget").GetBoolean()).Min(p => p.GetProperty("container_bytes").GetInt64());
        Assert.Equal(smallest, chosen.GetProperty("container_bytes").GetInt64());
        Assert.Equal(smallest, new FileInfo(output).Length);
        JsonElement summary = root.GetProperty("search_result");
        Assert.Equal(200, summary.GetProperty("validation_samples").GetInt32());
        // The validation split's own noise is reported, and said before the probes when the budget is within it.
        double original = summary.GetProperty("validation_original_accuracy").GetDouble();
        Assert.Equal(100 * Math.Sqrt(original / 100 * (1 - original / 100) / 200), summary.GetProperty("validation_standard_error_points").GetDouble(), 9);
        Assert.Equal(ValidationNoise.Warning(new GateThresholds(null, 1), original, 200) != null, result.ErrorLines.Any(l => l.StartsWith("warning: ", StringComparison.Ordinal)));
        // The summary's choice is the row marked chosen, flag included.
        Assert.Equal(chosen.GetRawText(), summary.GetProperty("chosen").GetRawText());
        Assert.Equal(probes.Length, summary.GetProperty("evaluations").GetInt32());
        // Test quality is reported beside the choice, on the test split the search never used.
        JsonElement test = summary.GetProperty("test");
        Assert.Equal(300, test.GetProperty("samples").GetInt64());
        Assert.True(test.GetProperty("standard_error_points").GetDouble() > 0);
        Assert.Equal(300, root.GetProperty("accuracy").GetProperty("test_samples").GetInt64());
    }

    [Fact]
    public void AnImpossibleBudgetExitsFiveSaysTheBestReachedAndWritesNothing()
    {
        string output = folder.File("never.nqz");
        string summary = folder.File("summary.md");
        CliResult result = Search(output, "--max-accuracy-drop", "-50", "--summary", summary);
        Assert.Equal((int)ExitCode.GateFailed, result.ExitCode);
        Assert.False(File.Exists(output));
        string line = Assert.Single(result.ErrorLines, l => l.StartsWith("quantize: ", StringComparison.Ordinal));
        Assert.Contains("no setting met --max-accuracy-drop -50 on validation", line);
        Assert.Contains("best reached:", line);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement found = json.RootElement.GetProperty("search_result");
        Assert.False(found.GetProperty("met").GetBoolean());
        Assert.Equal(JsonValueKind.Null, found.GetProperty("chosen").ValueKind);
        Assert.True(found.GetProperty("best").GetProperty("container_bytes").GetInt64() > 0);
        Assert.Contains("no setting met", File.ReadAllText(summary));
    }

    [Fact]
    public void TheSameSeedGivesTheSameFileAndRows()
    {
        string first = folder.File("first.nqz"), second = folder.File("second.nqz");
        CliResult a = Search(first, "--max-accuracy-drop", "1", "--seed", "3", "--max-evaluations", "4");
        CliResult b = Search(second, "--max-accuracy-drop", "1", "--seed", "3", "--max-evaluations", "4");
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(Rows(a.Stdout), Rows(b.Stdout));
    }

    static string Rows(string stdout)
    {
        using JsonDocument json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("search").GetRawText();
    }

    [Theory]
    [InlineData("--search", "needs a budget")]
    [InlineData("--method auto", "--method auto needs --search")]
    [InlineData("--validation 10", "--validation needs --search")]
    [InlineData("--search --max-accuracy-drop 1 --per-layer", "drop --per-layer")]
    [InlineData("--search --max-accuracy-drop 1 --search-range 0.1", "--search-range takes two different positive numbers")]
    public void RefusesWhatASearchCannotDoWithOneLine(string options, string message)
    {
        CliResult result = CliRunner.Run(["compress", RepoPaths.SampleModel, "-o", folder.File("x.nqz"), "--data", data, .. options.Split(' ')]);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines));
    }
}
