using System.Buffers.Binary;
using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.SafeTensors;

/// <summary>
/// What a weight-only safetensors model cannot do, and broken files: one line on stderr, the exit code of ErrorMessages,
/// nothing written. And the line between checkpoints of built-in architectures and weight-only models.
/// </summary>
public class SafeTensorsErrorTests
{
    [Theory]
    [InlineData("--data", "FASHION")]
    [InlineData("--fine-tune-epochs", "1")]
    [InlineData("--hessian", "hutchinson")]
    public void AskingToRunAWeightOnlyModelIsAUsageError(string option, string value)
    {
        using var temp = new TemporaryFolder();
        SafeTensorsRoundTrip.Write(RepoPaths.SampleModel, temp.File("m.safetensors"));
        CliResult result = CliRunner.Run("compress", temp.File("m.safetensors"), "-o", temp.File("m.nqz"), option,
            value == "FASHION" ? RepoPaths.FashionMnist : value);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("is a safetensors model without a graph", result.Stderr);
        Assert.False(File.Exists(temp.File("m.nqz")));
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("hessian")]
    public void CommandsThatRunAModelRefuseAWeightOnlyOne(string command)
    {
        using var temp = new TemporaryFolder();
        SafeTensorsRoundTrip.Write(RepoPaths.SampleModel, temp.File("m.safetensors"));
        string[] args = command == "eval" ? ["eval", temp.File("m.safetensors")] : ["hessian", temp.File("m.safetensors"), "-o", temp.File("h.safetensors")];
        CliResult result = CliRunner.Run(args);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains("there is nothing to run", result.Stderr);
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public void ACorruptHeaderIsAnInputError()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("m.safetensors");
        SafeTensorsRoundTrip.Write(RepoPaths.SampleModel, path);
        byte[] file = File.ReadAllBytes(path);
        file[20] = (byte)'#'; // inside the JSON
        File.WriteAllBytes(path, file);
        CliResult result = CliRunner.Run("compress", path, "-o", temp.File("m.nqz"));
        Assert.Equal((int)ExitCode.InputError, result.ExitCode);
        Assert.Contains("is not a valid safetensors file", result.Stderr);
        Assert.Single(result.ErrorLines);

        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)file.Length); // a header longer than the file
        File.WriteAllBytes(path, file);
        result = CliRunner.Run("inspect", path);
        Assert.Equal((int)ExitCode.InputError, result.ExitCode);
        Assert.Contains("-byte header in a", result.Stderr);
        Assert.False(File.Exists(temp.File("m.nqz")));
    }

    [Fact]
    public void ACheckpointOfABuiltInArchitectureStaysACheckpointUnlessWeightsOnlyIsAsked()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("lenet5.safetensors");
        // The sample's initializers are named as PyTorch names LeNet-5's state dict: all F32, they are its checkpoint.
        var tensors = Quantize.Format.Onnx.OnnxModelFile.Load(RepoPaths.SampleModel).Graph.Initializer
            .Select(t => SafeTensorsFixture.Float(t.Name, "F32", t.Dims.ToArray(), Quantize.Format.Onnx.TensorData.ReadFloats(t))).ToList();
        SafeTensorsFixture.Write(path, tensors);

        JsonElement checkpoint = JsonDocument.Parse(CliRunner.Run("inspect", path, "--json").Stdout).RootElement;
        Assert.Equal("checkpoint", checkpoint.GetProperty("kind").GetString());
        JsonElement weights = JsonDocument.Parse(CliRunner.Run("inspect", path, "--json", "--weights-only").Stdout).RootElement;
        Assert.Equal("safetensors", weights.GetProperty("kind").GetString());

        CliResult compressed = CliRunner.Run("compress", path, "-o", temp.File("c.nqz"), "--no-eval", "--json");
        Assert.True(compressed.ExitCode == 0, compressed.Stderr);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(compressed.Stdout).RootElement.GetProperty("quality_note").ValueKind);
        JsonElement container = JsonDocument.Parse(CliRunner.Run("inspect", temp.File("c.nqz"), "--json").Stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, container.GetProperty("safe_tensors").ValueKind); // a checkpoint's container holds its ONNX graph
        Assert.NotEqual(0, container.GetProperty("model").GetProperty("node_count").GetInt32());

        Assert.Equal(0, CliRunner.Run("compress", path, "-o", temp.File("w.nqz"), "--weights-only").ExitCode);
        Assert.Equal(0, CliRunner.Run("decompress", temp.File("w.nqz"), "-o", temp.File("w.safetensors")).ExitCode);
        Assert.True(IsSafeTensors(temp.File("w.safetensors")));
    }

    static bool IsSafeTensors(string path)
    {
        byte[] head = File.ReadAllBytes(path)[..9];
        return head[8] == (byte)'{';
    }
}
