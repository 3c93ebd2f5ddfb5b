using System.Globalization;
using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Pruned;

/// <summary>
/// <c>compare --seed-runs</c>: a row fine-tuned with three seeds (NAME.json plus NAME.seed&lt;N&gt;.json, as table1.sh writes
/// them) shows all three fine-tuned accuracies, each read from its own real report.
/// </summary>
public class CompareSeedRunsTests(PrunedSample sample) : IClassFixture<PrunedSample>
{
    static readonly string[] Tuning = ["--method", "uniform", "--fine-tune-epochs", "1", "--fine-tune-limit", "256", "--lr", "0.003",
        "--data", RepoPaths.FashionMnist, "--json"];

    static JsonElement Compress(string model, string report, params string[] options)
    {
        CliResult result = CliRunner.Run(["compress", model, "-o", Path.ChangeExtension(report, ".nqz"), .. Tuning, .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        File.WriteAllText(report, result.Stdout);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    static double FineTuned(JsonElement report) => report.GetProperty("accuracy").GetProperty("fine_tuned").GetDouble();

    [Fact]
    public void EachRowShowsItsOtherSeedsFineTunedAccuracies_InSeedOrder_AndTheReportNamesItsSeed()
    {
        using var temp = new TemporaryFolder();
        JsonElement seed2 = Compress(sample.Path, temp.File("row.json"), "--fine-tune-seed", "2", "--bits", "3");
        JsonElement seed1 = Compress(sample.Path, temp.File("row.seed1.json"), "--fine-tune-seed", "1", "--bits", "3");
        JsonElement seed3 = Compress(sample.Path, temp.File("row.seed3.json"), "--fine-tune-seed", "3", "--bits", "3");
        Assert.Equal(2, seed2.GetProperty("fine_tuning").GetProperty("seed").GetInt64());
        Assert.Equal(3, seed3.GetProperty("fine_tuning").GetProperty("seed").GetInt64());
        // Another seed moves the shared values differently: the three accuracies are not one number shown three times.
        Assert.True(FineTuned(seed1) != FineTuned(seed2) || FineTuned(seed3) != FineTuned(seed2), "the seeds gave identical accuracies");

        CliResult json = CliRunner.Run("compare", "--json", "--seed-runs", $"row={temp.File("row.json")}");
        Assert.True(json.ExitCode == 0, json.Stderr);
        JsonElement row = JsonDocument.Parse(json.Stdout).RootElement[0];
        Assert.Equal(FineTuned(seed2), row.GetProperty("fine_tuned_accuracy").GetDouble());
        Assert.Equal([FineTuned(seed1), FineTuned(seed3)], row.GetProperty("other_seed_accuracies").EnumerateArray().Select(a => a.GetDouble()));

        CliResult markdown = CliRunner.Run("compare", "--seed-runs", $"row={temp.File("row.json")}");
        Assert.True(markdown.ExitCode == 0, markdown.Stderr);
        string F(JsonElement r) => FineTuned(r).ToString("F2", CultureInfo.InvariantCulture);
        Assert.Contains($"| {F(seed2)} ({F(seed1)}, {F(seed3)}) |", markdown.Stdout);

        // Without the option the sibling files are not read.
        CliResult plain = CliRunner.Run("compare", "--json", $"row={temp.File("row.json")}");
        Assert.Empty(JsonDocument.Parse(plain.Stdout).RootElement[0].GetProperty("other_seed_accuracies").EnumerateArray());
    }

    [Fact]
    public void ASeedFileThatCodesOtherBitsIsAnInputError()
    {
        using var temp = new TemporaryFolder();
        Compress(sample.Path, temp.File("row.json"), "--fine-tune-seed", "1", "--bits", "3");
        Compress(sample.Path, temp.File("row.seed2.json"), "--fine-tune-seed", "2", "--bits", "4"); // another compression under a seed name

        CliResult result = CliRunner.Run("compare", "--seed-runs", temp.File("row.json"));
        Assert.Equal((int)ExitCode.InputError, result.ExitCode);
        Assert.Contains("row.seed2.json", result.Stderr);
        Assert.Contains("another seed", result.Stderr);
    }
}
