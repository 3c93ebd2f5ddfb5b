using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

public class PruneCurveCommandTests
{
    [Fact]
    public void ReportsOfPrune_BecomeAPngAndAPointList()
    {
        using var temp = new TemporaryFolder();
        foreach (string ratio in new[] { "0.5", "0.2" })
        {
            CliResult prune = CliRunner.Run("prune", RepoPaths.SampleModel, "--ratio", ratio, "--retrain-epochs", "0", "--json",
                "-o", temp.File($"p{ratio}.onnx"), "--data", RepoPaths.FashionMnist);
            Assert.True(prune.ExitCode == 0, prune.Stderr);
            File.WriteAllText(temp.File($"p{ratio}.json"), prune.Stdout);
        }
        CliResult result = CliRunner.Run("prune", "curve", $"magnitude={temp.File("p0.5.json")}", $"magnitude={temp.File("p0.2.json")}",
            "-o", temp.File("curve.png"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        byte[] png = File.ReadAllBytes(temp.File("curve.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("magnitude", lines[0]);
        Assert.Contains("kept  50.00%", lines[0]);
        Assert.Contains("kept  20.00%", lines[1]);
    }

    [Theory]
    [InlineData("no-equals-sign")]
    [InlineData("series=")]
    public void BadArgumentsGiveOneLineAndExitCode2(string argument)
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run("prune", "curve", argument, "-o", temp.File("c.png"));
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.False(File.Exists(temp.File("c.png")));
    }

    [Fact]
    public void AFileThatIsNoPruneReportGivesOneLine()
    {
        using var temp = new TemporaryFolder();
        File.WriteAllText(temp.File("x.json"), "{\"ratio\": 0.5}");
        CliResult result = CliRunner.Run("prune", "curve", $"s={temp.File("x.json")}", "-o", temp.File("c.png"));
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains("not a report of 'quantize prune --json'", result.Stderr);
        Assert.Equal((int)ExitCode.InputError, CliRunner.Run("prune", "curve", $"s={temp.File("absent.json")}", "-o", temp.File("c.png")).ExitCode);
    }
}
