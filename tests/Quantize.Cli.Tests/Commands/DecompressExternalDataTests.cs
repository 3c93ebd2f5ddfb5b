using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary><c>decompress --external-data</c> on the sample: the files it writes, and the names it refuses.</summary>
public class DecompressExternalDataTests
{
    static string Compress(TemporaryFolder temp, string name)
    {
        string container = temp.File(name);
        CliResult compress = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", container, "--method", "uniform", "--bits", "4", "--no-eval");
        Assert.True(compress.ExitCode == 0, compress.Stderr);
        return container;
    }

    [Fact]
    public void ExternalData_WritesTheModelAndItsDataFile_AndNothingElse_WithTheSameModelAsOneFile()
    {
        using var temp = new TemporaryFolder();
        string container = Compress(temp, "l.nqz");

        CliResult split = CliRunner.Run("decompress", container, "-o", temp.File("split.onnx"), "--external-data");
        CliResult whole = CliRunner.Run("decompress", container, "-o", temp.File("whole.onnx"));

        Assert.True(split.ExitCode == 0, split.Stderr);
        Assert.Equal(0, whole.ExitCode);
        Assert.Contains("split.onnx.data", split.Stdout);
        Assert.Equal(["l.nqz", "split.onnx", "split.onnx.data", "whole.onnx"], temp.FileNames()); // no temporary file left behind
        Assert.Equal(OnnxModelFile.Load(temp.File("whole.onnx")), OnnxModelFile.Load(temp.File("split.onnx")));
        Assert.True(new FileInfo(temp.File("split.onnx")).Length * 10 < new FileInfo(temp.File("whole.onnx")).Length);
    }

    [Fact]
    public void ExternalData_WhoseDataFileWouldBeTheContainer_IsRefusedWithOneLine()
    {
        using var temp = new TemporaryFolder();
        string container = Compress(temp, "m.onnx.data");
        byte[] before = File.ReadAllBytes(container);

        CliResult result = CliRunner.Run("decompress", container, "-o", temp.File("m.onnx"), "--external-data");

        Assert.Equal((int)ExitCode.InputError, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("overwrite the input", result.Stderr);
        Assert.Equal(before, File.ReadAllBytes(container));
        Assert.Equal(["m.onnx.data"], temp.FileNames());
    }
}
