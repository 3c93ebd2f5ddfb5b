using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Sweep;

/// <summary>Bad sweep command lines end in one line on stderr, exit 2, and nothing written.</summary>
public class SweepBadInputTests
{
    [Theory]
    [InlineData("--bits", "6..2", "--bits: the range 6..2 runs backwards")]
    [InlineData("--bits", "0..4", "--bits: 0 is out of range")]
    [InlineData("--bits", "2..x", "--bits: '2..x' is not a list of bit widths")]
    [InlineData("--shard", "3/2", "--shard 3/2: the shard number must be between 1 and 2")]
    [InlineData("--shard", "0/2", "--shard '0/2' is not of the form i/n")]
    [InlineData("--shard", "half", "--shard 'half' is not of the form i/n")]
    [InlineData("--methods", "kmeans,median", "--methods: unknown method 'median'")]
    [InlineData("--coding", "fixed,lzw", "--coding: unknown coding 'lzw'")]
    [InlineData("--jobs", "0", "--jobs must be between 1 and 1024")]
    [InlineData("--aggregate", "sum", "--aggregate applies to fine-tuning: give --fine-tune-epochs N too")]
    [InlineData("--lr", "0.001", "--lr applies to fine-tuning")]
    [InlineData("--fine-tune-limit", "256", "--fine-tune-limit applies to fine-tuning")]
    [InlineData("--fine-tune-seed", "2", "--fine-tune-seed applies to fine-tuning")]
    [InlineData("--fine-tune-epochs", "-1", "--fine-tune-epochs must be between 0 and 10000")]
    [InlineData("--device", "tpu", "Argument 'tpu' not recognized. Must be one of: 'cpu' 'auto' 'cuda'")]
    public void BadValuesAreOneLineAndExitTwo(string option, string value, string mention)
    {
        using var temp = new TemporaryFolder();
        CliResult result = SweepRuns.Sweep(temp.File("out"), "--no-eval", option, value);
        SweepRuns.AssertOneLineFailure(result, ExitCode.UsageError, mention);
        Assert.Contains("(see 'quantize sweep --help')", result.Stderr);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void AccuracyGateNeedsEvaluation()
    {
        using var temp = new TemporaryFolder();
        SweepRuns.AssertOneLineFailure(SweepRuns.Sweep(temp.File("out"), "--no-eval", "--max-accuracy-drop", "1"), ExitCode.UsageError, "--max-accuracy-drop needs the accuracy");
        SweepRuns.AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--no-eval", "--max-accuracy-drop", "1"),
            ExitCode.UsageError, "--max-accuracy-drop needs the accuracy");
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void ConflictingQuantizerOptionsFailBeforeAnyWork()
    {
        using var temp = new TemporaryFolder();
        SweepRuns.AssertOneLineFailure(SweepRuns.Sweep(temp.File("out"), "--no-eval", "--methods", "kmeans", "--solver", "dp", "--init", "kmeans++"),
            ExitCode.UsageError, "--init applies to the lloyd solver");
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public void MissingModelOrSummaryFolderIsAnInputError()
    {
        using var temp = new TemporaryFolder();
        SweepRuns.AssertOneLineFailure(CliRunner.Run("sweep", temp.File("absent.onnx"), "-o", temp.File("out"), "--no-eval"), ExitCode.InputError, "not found");
        SweepRuns.AssertOneLineFailure(SweepRuns.Sweep(temp.File("out"), "--no-eval", "--summary", temp.File("no/such/folder/s.md")), ExitCode.InputError, "--summary");
        Assert.False(Directory.Exists(temp.File("out")));
    }
}
