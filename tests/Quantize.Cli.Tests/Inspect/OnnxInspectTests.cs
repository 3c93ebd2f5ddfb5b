using System.Text.Json;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Inspect;

public class OnnxInspectTests
{
    static readonly string[] SampleInitializers =
        ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"];

    [Fact]
    public void JsonDescribesTheSampleModel()
    {
        CliResult result = CliRunner.Run("inspect", RepoPaths.SampleModel, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal("onnx", root.GetProperty("kind").GetString());
        Assert.Equal(new FileInfo(RepoPaths.SampleModel).Length, root.GetProperty("file_bytes").GetInt64());

        JsonElement model = root.GetProperty("model");
        Assert.True(model.GetProperty("ir_version").GetInt64() > 0);
        Assert.NotEmpty(model.GetProperty("opsets").EnumerateArray());
        var ops = model.GetProperty("op_types").EnumerateArray()
            .ToDictionary(o => o.GetProperty("op_type").GetString()!, o => o.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Conv"] = 2, ["MaxPool"] = 2, ["Flatten"] = 1, ["Gemm"] = 2, ["Relu"] = 1 }, ops);
        Assert.Equal(ops.Values.Sum(), model.GetProperty("node_count").GetInt32());

        JsonElement[] initializers = model.GetProperty("initializers").EnumerateArray().ToArray();
        Assert.Equal(SampleInitializers, initializers.Select(i => i.GetProperty("name").GetString()));
        foreach (JsonElement i in initializers)
        {
            Assert.Equal("FLOAT", i.GetProperty("dtype").GetString());
            Assert.False(i.GetProperty("external").GetBoolean());
            Assert.Equal(i.GetProperty("shape").EnumerateArray().Aggregate(1L, (n, d) => n * d.GetInt64()), i.GetProperty("elements").GetInt64());
            double sparsity = i.GetProperty("sparsity").GetDouble();
            Assert.InRange(sparsity, 0, 1);
        }
        Assert.Equal([20, 1, 5, 5], initializers[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));

        JsonElement totals = model.GetProperty("totals");
        Assert.Equal(8, totals.GetProperty("initializers").GetInt32());
        Assert.Equal(431_080, totals.GetProperty("parameters").GetInt64());
        Assert.Equal(431_080, totals.GetProperty("float_parameters").GetInt64());
        Assert.Equal(431_080 * 4L, totals.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void TextShowsHeaderAndAnAlignedInitializerTable()
    {
        CliResult result = CliRunner.Run("inspect", RepoPaths.SampleModel);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Conv×2, MaxPool×2, Flatten×1, Gemm×2, Relu×1", result.Stdout);
        Assert.Contains("431,080 parameters", result.Stdout);

        string[] lines = result.Stdout.ReplaceLineEndings("\n").Split('\n');
        string header = lines.Single(l => l.TrimStart().StartsWith("name ", StringComparison.Ordinal));
        string[] rows = lines.SkipWhile(l => l != header).Skip(1).Where(l => l.Length > 0).ToArray();
        Assert.Equal(SampleInitializers, rows.Select(r => r.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        // Right-aligned numbers: each row's element count ends where the header's "elements" does.
        int elementsEnd = header.IndexOf("elements", StringComparison.Ordinal) + "elements".Length;
        Assert.All(rows, r => Assert.True(char.IsDigit(r[elementsEnd - 1]) && r[elementsEnd] == ' ', r));
    }
}
