using System.Text.Json;
using Quantize.Cli.Tests.Commands;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Search;

/// <summary>quantize sensitivity on the sample, scaled down (300 training images, 100 of them for validation).</summary>
public sealed class SensitivityCommandTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void GivesEveryLayerItsDropItsImportanceAndItsBitsAsTableJsonAndChart()
    {
        string data = TinyFashionMnist.Write(folder.File("data"), trainImages: 300, testImages: 10);
        string output = folder.File("sens");
        CliResult result = CliRunner.Run("sensitivity", RepoPaths.SampleModel, "-o", output, "--data", data, "--validation", "100",
            "--bits", "3", "--hessian", "gauss-newton", "--hessian-samples", "50", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(result.Stdout.Trim(), File.ReadAllText(Path.Combine(output, "sensitivity.json")).Trim());
        byte[] png = File.ReadAllBytes(Path.Combine(output, "sensitivity.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);

        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(100, root.GetProperty("validation_samples").GetInt32());
        JsonElement[] layers = [.. root.GetProperty("layers").EnumerateArray()];
        Assert.Equal(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"],
            layers.Select(l => l.GetProperty("name").GetString()));
        double original = root.GetProperty("original_accuracy").GetDouble();
        foreach (JsonElement layer in layers)
        {
            Assert.True(layer.GetProperty("mean_importance").GetDouble() > 0);
            Assert.Equal(original - layer.GetProperty("accuracy_alone").GetDouble(), layer.GetProperty("drop_alone").GetDouble(), 9);
            Assert.InRange(layer.GetProperty("bits_per_parameter").GetDouble(), 0.01, 8);
        }
        // The layers' bits add up to the all-layers codebook's average codeword length.
        double bits = layers.Sum(l => l.GetProperty("bits_per_parameter").GetDouble() * l.GetProperty("parameters").GetInt64());
        Assert.Equal(root.GetProperty("average_codeword_bits").GetDouble(), bits / root.GetProperty("parameters").GetInt64(), 3);
    }
}
