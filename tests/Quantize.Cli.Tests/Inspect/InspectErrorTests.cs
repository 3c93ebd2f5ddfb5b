namespace Quantize.Cli.Tests.Inspect;

public class InspectErrorTests(CompressedSample sample) : IClassFixture<CompressedSample>
{
    [Fact]
    public void MissingFile() => AssertInputError(CliRunner.Run("inspect", sample.File("absent.onnx")), "not found");

    [Fact]
    public void TextFileIsNotOnnx()
    {
        string path = sample.File("notes.txt");
        File.WriteAllText(path, "these are not weights\n");
        AssertInputError(CliRunner.Run("inspect", path), "not an ONNX model");
    }

    [Fact]
    public void EmptyFileIsNotOnnx()
    {
        string path = sample.File("empty.onnx");
        File.WriteAllBytes(path, []);
        AssertInputError(CliRunner.Run("inspect", path, "--json"), "empty");
    }

    [Fact]
    public void FlippedByteInAContainerIsCorrupt()
    {
        byte[] bytes = File.ReadAllBytes(sample.Path);
        bytes[bytes.Length / 2] ^= 0x40;
        string path = sample.File("flipped.nqz");
        File.WriteAllBytes(path, bytes);
        AssertInputError(CliRunner.Run("inspect", path), "corrupt");
    }

    [Fact]
    public void TruncatedContainerIsRefused()
    {
        string path = sample.File("truncated.nqz");
        File.WriteAllBytes(path, File.ReadAllBytes(sample.Path)[..40]);
        AssertInputError(CliRunner.Run("inspect", path, "--json"), "corrupt");
    }

    static void AssertInputError(CliResult result, string expected)
    {
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.Stdout);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("quantize: ", line);
        Assert.Contains(expected, line);
    }
}
