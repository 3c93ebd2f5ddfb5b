using System.Text.Json;
using Quantize.Format.Container;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Pruned;

/// <summary>
/// The pruning rule's threshold: a weight tensor with a few exact zeros is dense (positions would cost a bit per
/// weight to save a handful), one with at least 10% zeros is pruned.
/// </summary>
public class StrayZerosTests
{
    static string WithZeros(TemporaryFolder temp, string tensorName, double fraction)
    {
        ModelProto model = OnnxModelFile.Load(RepoPaths.SampleModel);
        ParameterTensor tensor = ModelParameters.Extract(model).Single(p => p.Name == tensorName);
        float[] values = (float[])tensor.Values.Clone();
        int zeros = (int)Math.Ceiling(fraction * values.Length);
        for (int i = 0; i < zeros; i++) values[i * (values.Length / zeros)] = 0f; // spread out, as stray zeros are
        string path = temp.File($"{fraction}.onnx");
        OnnxModelFile.Save(ModelParameters.WithValues(model, [tensor with { Values = values }]), path);
        return path;
    }

    static (long Pruned, bool HasPositions) Compress(TemporaryFolder temp, string model)
    {
        string output = temp.File(Path.GetFileNameWithoutExtension(model) + ".nqz");
        CliResult result = CliRunner.Run("compress", model, "-o", output, "--bits", "4", "--no-eval", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        long pruned = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("pruned").GetInt64();
        return (pruned, NqzFile.Read(output).Tensors.Any(t => t.Positions != null));
    }

    [Fact]
    public void AFewExactZerosLeaveTheTensorDense_ATenthMakesItPruned()
    {
        using var temp = new TemporaryFolder();
        Assert.Equal((0L, false), Compress(temp, WithZeros(temp, "fc1.weight", 0.0005)));

        (long pruned, bool positions) = Compress(temp, WithZeros(temp, "fc1.weight", 0.1));
        Assert.True(positions);
        Assert.Equal(40_000, pruned);
    }
}
