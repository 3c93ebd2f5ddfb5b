using System.Text.Json;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>Weight-only compress, decompress and inspect of a model with float16, double, bfloat16, Constant-node, If-branch and external-data weights.</summary>
public class AnyOnnxModelTests
{
    static string SaveMixedModel(TemporaryFolder temp)
    {
        ModelProto model = MixedWeightsModel.Build();
        OnnxBuilder.Externalize(model.Graph.Initializer.Single(t => t.Name == MixedWeightsModel.ExternalWeight), temp.Path, "model.data");
        string path = temp.File("mixed.onnx");
        OnnxModelFile.Save(model, path);
        return path;
    }

    [Fact]
    public void CompressAndDecompress_RestoreEveryWeightKind_InOneSelfContainedFile()
    {
        using var temp = new TemporaryFolder();
        string model = SaveMixedModel(temp), container = temp.File("mixed.nqz"), restored = temp.File("restored.onnx");

        CliResult compress = CliRunner.Run("compress", model, "-o", container, "--method", "uniform", "--clusters", "16", "--no-eval");
        Assert.True(compress.ExitCode == 0, compress.Stderr);
        File.Delete(temp.File("model.data")); // the container must not need it
        CliResult decompress = CliRunner.Run("decompress", container, "-o", restored);
        Assert.True(decompress.ExitCode == 0, decompress.Stderr);

        ModelProto decoded = ModelProto.Parser.ParseFrom(File.ReadAllBytes(restored));
        Assert.Equal(MixedWeightsModel.Learned, ModelParameters.Extract(decoded).Select(p => p.Name));
        Assert.All(ModelParameters.Extract(decoded), p => Assert.InRange(p.Values.Distinct().Count(), 1, 16));
        Assert.DoesNotContain(decoded.Graph.Initializer, ExternalData.IsExternal);
    }

    [Fact]
    public void Inspect_ListsConstantAndSubgraphWeights_WithTheirTypes()
    {
        using var temp = new TemporaryFolder();

        CliResult result = CliRunner.Run("inspect", SaveMixedModel(temp), "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        var types = doc.RootElement.GetProperty("model").GetProperty("initializers").EnumerateArray()
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("dtype").GetString());
        Assert.Equal("FLOAT16", types["w1"]);
        Assert.Equal("BFLOAT16", types["w4"]);
        Assert.Equal("FLOAT", types["c.weight"]);
        Assert.Equal("FLOAT", types["branch/then_branch/w2"]);
        Assert.Equal("FLOAT", types["branch/else_branch/w2e"]);
        Assert.DoesNotContain("eps", types.Keys); // a fixed Constant scalar is not listed
    }

    [Fact]
    public void Compress_ExternalDataOutsideTheModelFolder_FailsAsAnInputError()
    {
        using var temp = new TemporaryFolder();
        string path = SaveMixedModel(temp);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        model.Graph.Initializer.Single(t => t.Name == MixedWeightsModel.ExternalWeight).ExternalData[0].Value = "../model.data";
        OnnxModelFile.Save(model, path);

        CliResult result = CliRunner.Run("compress", path, "-o", temp.File("x.nqz"), "--method", "uniform", "--clusters", "16", "--no-eval");

        Assert.Equal((int)ExitCode.InputError, result.ExitCode);
        Assert.Contains("outside the model's folder", result.Stderr);
        Assert.False(File.Exists(temp.File("x.nqz")));
    }

    [Fact]
    public void Compress_TruncatedModel_FailsAsAnInputError()
    {
        using var temp = new TemporaryFolder();
        byte[] bytes = File.ReadAllBytes(RepoPaths.SampleModel);
        string path = temp.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        CliResult result = CliRunner.Run("compress", path, "-o", temp.File("x.nqz"), "--method", "uniform", "--clusters", "16", "--no-eval");

        Assert.Equal((int)ExitCode.InputError, result.ExitCode);
        Assert.Contains("not an ONNX model", result.Stderr);
    }
}
