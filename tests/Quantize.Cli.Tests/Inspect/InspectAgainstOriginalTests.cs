using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Inspect;

/// <summary>
/// inspect of a container made with scales and --keep: the same eq. (1) total as compress (scales and exact tensors
/// counted), the exact tensors named, and with --original the per-tensor errors compress reported.
/// </summary>
public class InspectAgainstOriginalTests
{
    [Fact]
    public void ScaledContainerWithKeptTensors_AgreesWithCompress_TensorByTensor()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("k.nqz");
        CliResult compress = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", container, "--keep", "fc2.*", "--no-eval", "--json");
        Assert.True(compress.ExitCode == 0, compress.Stderr);
        JsonElement report = JsonDocument.Parse(compress.Stdout).RootElement;

        CliResult inspect = CliRunner.Run("inspect", container, "--original", RepoPaths.SampleModel, "--json");

        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        JsonElement inspected = JsonDocument.Parse(inspect.Stdout).RootElement, storage = inspected.GetProperty("storage");
        Assert.Equal(report.GetProperty("sizes").GetProperty("total_bits").GetInt64(), storage.GetProperty("total_bits").GetInt64());
        Assert.Equal(report.GetProperty("sizes").GetProperty("scale_bits").GetInt64(), storage.GetProperty("scale_bits").GetInt64());
        Assert.Equal(32L * 5010, storage.GetProperty("exempt_bits").GetInt64());
        Assert.Equal(431080, storage.GetProperty("parameters").GetInt64());
        Assert.Equal(["fc2.weight", "fc2.bias"], inspected.GetProperty("exempt").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray());

        var reported = report.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("sqnr_db").GetDouble());
        // compress measures w/s·s against w, the decoder c·s against w: equal to float rounding.
        foreach (JsonElement tensor in inspected.GetProperty("tensors").EnumerateArray())
            Assert.Equal(reported[tensor.GetProperty("name").GetString()!], tensor.GetProperty("error").GetProperty("sqnr_db").GetDouble(), 3);
    }

    [Fact]
    public void OriginalOfAnotherShape_IsRefusedInOneLine()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("c.nqz");
        Assert.Equal(0, CliRunner.Run("compress", RepoPaths.SampleModel, "-o", container, "--no-eval").ExitCode);
        string mlp = temp.File("mlp.onnx");
        Quantize.Format.Onnx.OnnxModelFile.Save(ForeignModels.Mlp(), mlp);

        CliResult result = CliRunner.Run("inspect", container, "--original", mlp);

        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.StartsWith("quantize: the container's tensor", Assert.Single(result.ErrorLines).Trim());
    }
}
