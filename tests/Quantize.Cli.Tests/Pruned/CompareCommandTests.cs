using System.Globalization;
using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Pruned;

/// <summary><c>compare</c> tabulates real compress reports: every row's numbers are the reports' own.</summary>
public class CompareCommandTests(PrunedSample sample) : IClassFixture<PrunedSample>
{
    static string Report(TemporaryFolder temp, string name, string model, params string[] options)
    {
        CliResult result = CliRunner.Run(["compress", model, "-o", temp.File(name + ".nqz"), "--json", "--no-eval", .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        File.WriteAllText(temp.File(name + ".json"), result.Stdout);
        return temp.File(name + ".json");
    }

    [Fact]
    public void RowsCarryTheReportsNumbers_TheBaselineMultiple_AndTheInputAsGiven()
    {
        using var temp = new TemporaryFolder();
        string dc = Report(temp, "dc", sample.Path, "--preset", "deep-compression");
        string uniform = Report(temp, "uniform", sample.Path, "--method", "uniform", "--bits", "4");

        CliResult result = CliRunner.Run("compare", "--json", "--inputs", "--baseline", "dc", $"dc={dc}", uniform);
        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement[] rows = JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["pruned.onnx (as given)", "dc", "uniform"], rows.Select(r => r.GetProperty("label").GetString()));

        JsonElement dcReport = JsonDocument.Parse(File.ReadAllText(dc)).RootElement;
        JsonElement uniformReport = JsonDocument.Parse(File.ReadAllText(uniform)).RootElement;
        double dcRatio = dcReport.GetProperty("compression_ratio").GetDouble();
        double uniformRatio = uniformReport.GetProperty("compression_ratio").GetDouble();
        Assert.Equal(uniformRatio, rows[2].GetProperty("compression_ratio").GetDouble());
        Assert.Equal(uniformRatio / dcRatio, rows[2].GetProperty("ratio_versus_baseline").GetDouble(), 12);
        Assert.Equal(1.0, rows[1].GetProperty("ratio_versus_baseline").GetDouble());
        Assert.Equal(uniformReport.GetProperty("sizes").GetProperty("total_bits").GetInt64(), rows[2].GetProperty("total_bits").GetInt64());

        // As given: 32-bit kept values plus the cheapest index-difference positions among its reports (both use 8/5-bit gaps here).
        long kept = sample.Parameters.Sum(p => p.ElementCount) - sample.PrunedCount;
        JsonElement sizes = dcReport.GetProperty("sizes");
        long positions = sizes.GetProperty("index_bits").GetInt64() + sizes.GetProperty("index_table_bits").GetInt64();
        Assert.Equal(kept, rows[0].GetProperty("kept").GetInt64());
        Assert.Equal(32 * kept + positions, rows[0].GetProperty("total_bits").GetInt64());
        Assert.Equal(32.0 * sample.Parameters.Sum(p => p.ElementCount) / (32 * kept + positions), rows[0].GetProperty("compression_ratio").GetDouble(), 12);

        string table = temp.File("table.md");
        Assert.Equal(0, CliRunner.Run("compare", "--baseline", "dc", $"dc={dc}", uniform, "-o", table).ExitCode);
        string[] lines = File.ReadAllLines(table);
        Assert.Equal(4, lines.Length); // header, alignment, two rows
        Assert.Contains(uniformRatio.ToString("F2", CultureInfo.InvariantCulture), lines[3]);
    }

    [Fact]
    public void UnknownBaselineIsAUsageError_MissingOrForeignReportsAreInputErrors()
    {
        using var temp = new TemporaryFolder();
        string uniform = Report(temp, "uniform", sample.Path, "--method", "uniform", "--bits", "4");
        File.WriteAllText(temp.File("other.json"), "{\"hello\": 1}");

        CliResult baseline = CliRunner.Run("compare", "--baseline", "dc", uniform);
        Assert.Equal((int)ExitCode.UsageError, baseline.ExitCode);
        Assert.Contains("names no report", baseline.Stderr);

        CliResult notReport = CliRunner.Run("compare", temp.File("other.json"));
        Assert.Equal((int)ExitCode.InputError, notReport.ExitCode);
        Assert.Single(notReport.ErrorLines);
        Assert.Contains("not a report", notReport.Stderr);

        CliResult missing = CliRunner.Run("compare", temp.File("missing.json"));
        Assert.Equal((int)ExitCode.InputError, missing.ExitCode);
        Assert.Single(missing.ErrorLines);
        Assert.Contains("missing.json", missing.Stderr);
    }
}
