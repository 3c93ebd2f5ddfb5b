using System.Text.Json;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary><c>prune --schedule polynomial</c> and <c>--allocate</c> through the command line, on the sample scaled down (320 images).</summary>
public class PruneScheduleCommandTests
{
    static readonly string[] Gradual = ["--schedule", "polynomial", "--prune-epochs", "2", "--mask-every", "2", "--limit", "320", "--lr", "0.001"];

    [Fact]
    public void GradualWithDropAllocation_ReachesTheRatio_ReportsUpdatesAndLayers_AndRepeatsByteForByte()
    {
        using var temp = new TemporaryFolder();
        CliResult first = CliRunner.Run(["prune", RepoPaths.SampleModel, "--ratio", "0.1", "--allocate", "drop", "--retrain-epochs", "0", .. Gradual,
            "-o", temp.File("a.onnx"), "--json", "--data", RepoPaths.FashionMnist]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        CliResult again = CliRunner.Run(["prune", RepoPaths.SampleModel, "--ratio", "0.1", "--allocate", "drop", "--retrain-epochs", "0", .. Gradual,
            "-o", temp.File("b.onnx"), "--json", "--data", RepoPaths.FashionMnist]);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(File.ReadAllBytes(temp.File("a.onnx")), File.ReadAllBytes(temp.File("b.onnx")));

        using JsonDocument json = JsonDocument.Parse(first.Stdout);
        JsonElement root = json.RootElement;
        JsonElement[] layers = root.GetProperty("layers").EnumerateArray().ToArray();
        JsonElement[] updates = root.GetProperty("gradual").GetProperty("updates").EnumerateArray().ToArray();
        Assert.Equal("drop", root.GetProperty("allocation").GetString());
        Assert.Equal(4, layers.Length);
        Assert.All(layers, l => Assert.True(l.GetProperty("sensitivity").GetDouble() >= 0.01));
        Assert.Equal([0L, 2, 4, 6, 8], updates.Select(u => u.GetProperty("step").GetInt64()));
        Assert.Equal(1.0, updates[0].GetProperty("kept_fraction").GetDouble());
        long[] kept = updates.Select(u => u.GetProperty("kept").GetInt64()).ToArray();
        Assert.True(kept.Zip(kept.Skip(1)).All(p => p.First > p.Second), string.Join(", ", kept));

        // Each layer ends at its allocated ratio, and the file holds exactly the zeros the report counts.
        var weights = ModelParameters.Extract(OnnxModelFile.Load(temp.File("a.onnx"))).Where(p => p.Dims.Length >= 2).ToList();
        foreach (JsonElement layer in layers)
        {
            ParameterTensor tensor = weights.Single(w => w.Name == layer.GetProperty("name").GetString());
            long expected = (long)Math.Round(layer.GetProperty("keep").GetDouble() * tensor.ElementCount, MidpointRounding.AwayFromZero);
            Assert.Equal(expected, tensor.Values.LongCount(v => v != 0));
        }
        Assert.Equal(root.GetProperty("kept").GetInt64(), kept[^1]);
        Assert.InRange(root.GetProperty("kept_fraction").GetDouble(), 0.099, 0.101); // at least one weight per layer may nudge it
    }

    [Fact]
    public void HessianAllocation_FavoursTheSensitiveLayers_WithoutStarvingTheLargest()
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run("prune", RepoPaths.SampleModel, "--ratio", "0.05", "--allocate", "hessian", "--retrain-epochs", "0",
            "-o", temp.File("x.onnx"), "--json", "--data", RepoPaths.FashionMnist);
        Assert.True(result.ExitCode == 0, result.Stderr);

        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        var keep = json.RootElement.GetProperty("layers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("keep").GetDouble());
        Assert.Equal("hessian", json.RootElement.GetProperty("allocation").GetString());
        Assert.True(keep["conv1.weight"] > keep["fc1.weight"], string.Join(", ", keep));
        // The per-weight saliency (the layer's mean h·w²) left fc1 0.33% here and one weight at --ratio 0.02 (results §12).
        Assert.True(keep["fc1.weight"] > 0.01, string.Join(", ", keep));
    }

    [Fact]
    public void GradualText_SaysHowItRan()
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run(["prune", RepoPaths.SampleModel, "--ratio", "0.2", "--retrain-epochs", "1", .. Gradual,
            "-o", temp.File("x.onnx"), "--data", RepoPaths.FashionMnist]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("gradual pruning (polynomial): 5 mask updates every 2 steps over 2 epoch(s), kept 100.00% -> 20.00%", result.Stdout);
        Assert.Contains("after gradual pruning over 2 epoch(s) and 1 more at the final masks", result.Stdout);
    }

    [Theory]
    [InlineData("--ratio", "0.5", "--mask-every", "10")]
    [InlineData("--ratio", "0.5", "--prune-epochs", "3")]
    [InlineData("--ratio", "0.5", "--schedule", "cubic")]
    [InlineData("--ratio", "0.5", "--schedule", "polynomial", "--mask-every", "0")]
    [InlineData("--ratio", "0.5", "--schedule", "polynomial", "--prune-epochs", "0")]
    [InlineData("--ratio", "0.5", "--allocate", "fisher")]
    [InlineData("--layer-ratios", "conv1.weight=0.5", "--allocate", "hessian")]
    [InlineData("--ratio", "0.5", "--schedule", "polynomial", "--limit", "64", "--mask-every", "200")]
    public void BadScheduleOrAllocationGivesOneLineAndExitCode2(params string[] options)
    {
        using var temp = new TemporaryFolder();
        CliResult result = CliRunner.Run(["prune", RepoPaths.SampleModel, "-o", temp.File("x.onnx"), "--data", RepoPaths.FashionMnist, .. options]);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(File.Exists(temp.File("x.onnx")));
    }
}
