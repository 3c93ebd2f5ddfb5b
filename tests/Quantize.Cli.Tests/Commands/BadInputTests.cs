using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>Every bad input ends in one line on stderr, a non-zero exit, and no output file.</summary>
public class BadInputTests
{
    static void AssertOneLineFailure(CliResult result, ExitCode expected, string mention)
    {
        Assert.Equal((int)expected, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains(mention, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr); // no stack trace
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void MissingModel()
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run("compress", temp.File("absent.onnx"), "-o", temp.File("x.nqz"));
        AssertOneLineFailure(result, ExitCode.InputError, "not found");
        Assert.False(File.Exists(temp.File("x.nqz")));
    }

    [Fact]
    public void FileThatIsNotOnnx()
    {
        using var temp = new TemporaryFolder();
        string text = temp.File("notes.onnx");
        File.WriteAllText(text, "these are not the weights you are looking for\n");
        AssertOneLineFailure(CliRunner.Run("eval", text, "--data", RepoPaths.FashionMnist), ExitCode.InputError, "not an ONNX model");
        AssertOneLineFailure(CliRunner.Run("compress", text, "-o", temp.File("x.nqz"), "--no-eval"), ExitCode.InputError, "not an ONNX model");
        Assert.Empty(Directory.GetFiles(temp.Path, "x.nqz*"));
    }

    [Fact]
    public void TruncatedAndTamperedContainers()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("good.nqz");
        Assert.Equal(0, CliRunner.Run("compress", RepoPaths.SampleModel, "-o", container, "--bits", "4", "--no-eval").ExitCode);
        byte[] bytes = File.ReadAllBytes(container);

        string truncated = temp.File("truncated.nqz");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        AssertOneLineFailure(CliRunner.Run("decompress", truncated, "-o", temp.File("t.onnx")), ExitCode.InputError, "corrupt");

        string tampered = temp.File("tampered.nqz");
        byte[] flipped = (byte[])bytes.Clone();
        flipped[bytes.Length * 3 / 4] ^= 0x10;
        File.WriteAllBytes(tampered, flipped);
        AssertOneLineFailure(CliRunner.Run("decompress", tampered, "-o", temp.File("u.onnx")), ExitCode.InputError, "corrupt");

        Assert.False(File.Exists(temp.File("t.onnx")));
        Assert.False(File.Exists(temp.File("u.onnx")));
    }

    [Fact]
    public void UnknownFlagAndImpossibleValues()
    {
        using var temp = new TemporaryFolder();
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--frobnicate"), ExitCode.UsageError, "--frobnicate");
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--bits", "0"), ExitCode.UsageError, "--bits must be between 1 and 16");
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--bits", "many"), ExitCode.UsageError, "many");
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel), ExitCode.UsageError, "--output");
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--bits", "3", "--clusters", "8"), ExitCode.UsageError, "give one of --bits, --clusters, --rate or --step");
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void ConflictingQuantizerOptionsAreRefusedBeforeAnyWork()
    {
        using var temp = new TemporaryFolder();
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--method", "kmeans", "--rate", "2", "--no-eval"),
            ExitCode.UsageError, "kmeans");
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--method", "uniform", "--rate", "2", "--solver", "dp", "--no-eval"),
            ExitCode.UsageError, "--solver applies to kmeans and hkmeans");
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--conv-bits", "8", "--no-eval"),
            ExitCode.UsageError, "need --per-layer");
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--method", "median"),
            ExitCode.UsageError, "median");
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void HessianFileThatDoesNotFitTheModel()
    {
        using var temp = new TemporaryFolder();
        string weights = temp.File("h.safetensors");
        Quantize.Format.SafeTensors.SafeTensorsFile.Write(weights, [new Quantize.Format.Onnx.ParameterTensor("conv1.weight", [20, 1, 5, 5], new float[500])]);
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--method", "hkmeans", "--hessian", weights, "--no-eval"),
            ExitCode.InputError, "no tensor named 'conv1.bias'");
        File.WriteAllText(weights, "not tensors");
        AssertOneLineFailure(CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--method", "hkmeans", "--hessian", weights, "--no-eval"),
            ExitCode.InputError, "not a valid safetensors file");
        Assert.False(File.Exists(temp.File("x.nqz")));
    }

    [Fact]
    public void RefusesToOverwriteTheInput()
    {
        using var temp = new TemporaryFolder();
        string model = temp.File("model.onnx");
        File.Copy(RepoPaths.SampleModel, model);
        byte[] before = File.ReadAllBytes(model);
        AssertOneLineFailure(CliRunner.Run("compress", model, "-o", model, "--no-eval"), ExitCode.InputError, "overwrite the input");
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Fact]
    public void MissingDataFolder()
    {
        using var temp = new TemporaryFolder();
        AssertOneLineFailure(CliRunner.Run("eval", RepoPaths.SampleModel, "--data", temp.File("nowhere")), ExitCode.InputError, "data folder not found");
    }

    [Fact]
    public void HelpTeachesEveryCommand()
    {
        CliResult help = CliRunner.Run("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (string command in new[] { "train", "eval", "compress", "decompress" }) Assert.Contains(command, help.Stdout);
        CliResult compressHelp = CliRunner.Run("compress", "--help");
        Assert.Contains("quantize compress samples/lenet5-fashion.onnx", compressHelp.Stdout);
        Assert.Contains("--bits", compressHelp.Stdout);
    }
}
