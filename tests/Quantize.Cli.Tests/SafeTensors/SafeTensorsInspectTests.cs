using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.SafeTensors;

/// <summary>inspect lists a safetensors model's tensors (name, dtype, shape, weight or kept), from the file and from its container.</summary>
public class SafeTensorsInspectTests
{
    [Fact]
    public void TheFileAndItsContainerListTheSameTensorsWithTheirKinds()
    {
        using var temp = new TemporaryFolder();
        SafeTensorsRoundTrip model = SafeTensorsRoundTrip.Write(RepoPaths.SampleModel, temp.File("m.safetensors"));
        var expected = model.Placed.Select(p => (p.Tensor.Name, p.Tensor.DType, string.Join("x", p.Tensor.Shape), SafeTensorsRoundTrip.IsWeight(p.Tensor) ? "weight" : "kept"))
            .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

        CliResult file = CliRunner.Run("inspect", temp.File("m.safetensors"), "--json");
        Assert.True(file.ExitCode == 0, file.Stderr);
        JsonElement listing = JsonDocument.Parse(file.Stdout).RootElement;
        Assert.Equal("safetensors", listing.GetProperty("kind").GetString());
        Assert.Equal(expected, Tensors(listing.GetProperty("model")));
        Assert.Equal("pt", listing.GetProperty("model").GetProperty("metadata").GetProperty("format").GetString());

        Assert.Equal(0, CliRunner.Run("compress", temp.File("m.safetensors"), "-o", temp.File("m.nqz")).ExitCode);
        CliResult container = CliRunner.Run("inspect", temp.File("m.nqz"), "--json");
        Assert.True(container.ExitCode == 0, container.Stderr);
        Assert.Equal(expected, Tensors(JsonDocument.Parse(container.Stdout).RootElement.GetProperty("safe_tensors")));

        string text = CliRunner.Run("inspect", temp.File("m.safetensors")).Stdout;
        Assert.Contains("safetensors model, weights only", text);
        Assert.Contains("conv1.weight", text);
        Assert.Contains("extra.position_ids  I64", text);
        Assert.Contains("safetensors model (decompress writes these files back)", CliRunner.Run("inspect", temp.File("m.nqz")).Stdout);

        CliResult against = CliRunner.Run("inspect", temp.File("m.nqz"), "--original", temp.File("m.safetensors"), "--json");
        Assert.True(against.ExitCode == 0, against.Stderr);
        foreach (JsonElement tensor in JsonDocument.Parse(against.Stdout).RootElement.GetProperty("tensors").EnumerateArray())
            Assert.InRange(tensor.GetProperty("error").GetProperty("relative_l2").GetDouble(), 1e-6, 0.1);
    }

    static List<(string, string, string, string)> Tensors(JsonElement inventory) =>
        inventory.GetProperty("tensors").EnumerateArray()
            .Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("dtype").GetString()!,
                string.Join("x", t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())), t.GetProperty("kind").GetString()!))
            .OrderBy(t => t.Item1, StringComparer.Ordinal).ToList();
}
