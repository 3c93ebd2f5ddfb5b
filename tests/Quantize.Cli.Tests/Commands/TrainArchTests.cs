using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary><c>quantize train --arch</c> for the zoo architectures, and their checkpoints fed back to other commands.</summary>
public class TrainArchTests
{
    [Fact]
    public void LeNet300100TrainsAndItsCheckpointsScoreLikeItsOnnx()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), 512, 300);
        string onnx = temp.File("mlp.onnx"), safetensors = temp.File("mlp.safetensors");

        CliResult train = CliRunner.Run("train", "--arch", "lenet-300-100", "--epochs", "3", "--batch-size", "64", "--data", data,
            "-o", onnx, "--save-checkpoint", safetensors, "--json");

        Assert.True(train.ExitCode == 0, train.Stderr);
        double trained = JsonDocument.Parse(train.Stdout).RootElement.GetProperty("accuracy").GetDouble();
        Assert.True(trained > 20, $"accuracy {trained}% after 3 epochs of 512 images: not twice chance");
        Assert.Equal(trained, EvalAccuracy(onnx, data));
        Assert.Equal(trained, EvalAccuracy(safetensors, data));
    }

    [Fact]
    public void ResNet20TrainsAndItsTorchSharpCheckpointInspectsAsTheSameGraph()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), 64, 50);
        string onnx = temp.File("resnet20.onnx"), checkpoint = temp.File("resnet20.dat");

        CliResult train = CliRunner.Run("train", "--arch", "resnet20", "--epochs", "1", "--batch-size", "32", "--data", data,
            "-o", onnx, "--save-checkpoint", checkpoint);

        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("test accuracy", train.Stdout);
        JsonElement fromOnnx = InspectModel(onnx), fromCheckpoint = InspectModel(checkpoint);
        Assert.Equal(fromOnnx.GetRawText(), fromCheckpoint.GetRawText());
        var ops = fromOnnx.GetProperty("op_types").EnumerateArray()
            .ToDictionary(o => o.GetProperty("op_type").GetString()!, o => o.GetProperty("count").GetInt32());
        Assert.Equal(21, ops["BatchNormalization"]);
        Assert.Equal(1, ops["GlobalAveragePool"]);
    }

    [Fact]
    public void DefaultArchitectureIsLeNet5AndItsCheckpointEvaluatesAlike()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), 256, 200);
        string onnx = temp.File("lenet5.onnx"), checkpoint = temp.File("lenet5.dat");

        CliResult train = CliRunner.Run("train", "--epochs", "1", "--data", data, "-o", onnx, "--save-checkpoint", checkpoint, "--json");

        Assert.True(train.ExitCode == 0, train.Stderr);
        JsonElement result = JsonDocument.Parse(train.Stdout).RootElement;
        Assert.Equal("lenet5", result.GetProperty("arch").GetString());
        Assert.Equal(result.GetProperty("accuracy").GetDouble(), EvalAccuracy(checkpoint, data));
    }

    [Fact]
    public void SafetensorsOfNoKnownArchitectureIsAWeightOnlyModelThatEvalCannotRun()
    {
        using var temp = new TemporaryFolder();
        string path = temp.File("other.safetensors");
        Quantize.Format.SafeTensors.SafeTensorsFile.Write(path, [new Quantize.Format.Onnx.ParameterTensor("encoder.weight", [2], [1f, 2f])]);

        CliResult result = CliRunner.Run("eval", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("its tensor names are not those of a built-in architecture", result.Stderr);
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public void UnknownArchitectureIsAUsageError()
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run("train", "--arch", "vgg16", "-o", temp.File("x.onnx"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("resnet20", result.Stderr);
    }

    static double EvalAccuracy(string model, string data)
    {
        CliResult eval = CliRunner.Run("eval", model, "--data", data, "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        return JsonDocument.Parse(eval.Stdout).RootElement.GetProperty("accuracy").GetDouble();
    }

    static JsonElement InspectModel(string path)
    {
        CliResult inspect = CliRunner.Run("inspect", path, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        return JsonDocument.Parse(inspect.Stdout).RootElement.GetProperty("model").Clone();
    }
}
