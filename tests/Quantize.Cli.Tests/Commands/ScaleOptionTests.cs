using System.Text.Json;
using Quantize.Core.Accounting;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Onnx.Tests;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>compress --scale (issue 14): scales stored and counted, the model restored by the decoder, none unchanged.</summary>
public class ScaleOptionTests
{
    [Fact]
    public void ChannelScales_WriteAContainerOrtRuns_AndCountTheScales()
    {
        using var temp = new TemporaryFolder();
        string container = temp.File("c.nqz"), restored = temp.File("c.onnx");
        CliResult compress = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", container, "--method", "uniform", "--bits", "5",
            "--scale", "channel", "--no-eval", "--json");
        Assert.True(compress.ExitCode == 0, compress.Stderr);
        using JsonDocument report = JsonDocument.Parse(compress.Stdout);
        JsonElement root = report.RootElement, sizes = root.GetProperty("sizes");
        Assert.Equal("channel", root.GetProperty("scale").GetString());

        // One scale per output channel of the four weights (20 + 50 + 500 + 10) and one per bias: 584 scales, packed at
        // 3 mantissa bits and counted as stored (a few bits each, not 32).
        NqzBody body = NqzFile.Read(container);
        Assert.Equal(20 + 50 + 500 + 10 + 4, body.Tensors.Sum(ContainerScales.Count));
        Assert.All(body.Tensors, t => Assert.InRange(t.Scales.Packed.MantissaBits, 0u, 3u));
        Assert.Equal(ContainerScales.Bits(body), sizes.GetProperty("scale_bits").GetInt64());
        Assert.InRange(sizes.GetProperty("scale_bits").GetInt64(), 1, 10 * 584);
        long total = sizes.GetProperty("weight_bits").GetInt64() + sizes.GetProperty("index_bits").GetInt64() + sizes.GetProperty("table_bits").GetInt64()
                     + sizes.GetProperty("scale_bits").GetInt64();
        Assert.Equal(total, sizes.GetProperty("total_bits").GetInt64());
        Assert.Equal(sizes.GetProperty("original_bits").GetInt64() / (double)total, root.GetProperty("compression_ratio").GetDouble(), 12);

        Assert.Equal(0, CliRunner.Run("decompress", container, "-o", restored).ExitCode);
        ModelProto original = OnnxModelFile.Load(RepoPaths.SampleModel);
        // The report's per-tensor error is the restored model's: the decoder multiplied the scales back.
        Dictionary<string, ParameterTensor> before = ModelParameters.Extract(original).ToDictionary(t => t.Name);
        foreach (ParameterTensor after in ModelParameters.Extract(OnnxModelFile.Load(restored)))
        {
            JsonElement layer = root.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == after.Name);
            ReconstructionError error = ReconstructionError.Of(before[after.Name].Values, after.Values);
            Assert.Equal(error.RelativeL2, layer.GetProperty("relative_l2").GetDouble(), 4);
            Assert.Equal(error.SqnrDb, layer.GetProperty("sqnr_db").GetDouble(), 2);
            Assert.InRange(error.SqnrDb, 15, 40); // 31 cells over normalised values: neither lost nor exact
        }

        // ONNX Runtime runs the restored model, and its outputs stay close to the original's.
        string input = original.Graph.Input[0].Name;
        const int batch = 4;
        float[] images = HazardModels.Gaussian(batch * 28 * 28, 3, 1f);
        float[] expected = OrtRunner.Run(Google.Protobuf.MessageExtensions.ToByteArray(original), [OrtRunner.Floats(input, images, batch, 1, 28, 28)]);
        float[] actual = OrtRunner.RunFile(restored, [OrtRunner.Floats(input, images, batch, 1, 28, 28)]);
        Assert.True(OutputCosine.PerSample(expected, actual, batch).Min() > 0.98);
    }

    [Fact]
    public void ScaleNone_IsByteIdenticalToNoOption()
    {
        using var temp = new TemporaryFolder();
        string plain = temp.File("a.nqz"), none = temp.File("b.nqz");
        Assert.Equal(0, CliRunner.Run("compress", RepoPaths.SampleModel, "-o", plain, "--method", "uniform", "--bits", "5", "--no-eval").ExitCode);
        CliResult result = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", none, "--method", "uniform", "--bits", "5", "--no-eval", "--scale", "none");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(none));
        string[] lines = result.Stdout.Split('\n');
        Assert.DoesNotContain("scales", lines.Single(l => l.StartsWith("bits:", StringComparison.Ordinal)));
        // 31 cells over the raw weights leave the small biases coarse: the report names them and says what to do.
        string low = lines.Single(l => l.StartsWith("low SQNR: ", StringComparison.Ordinal));
        Assert.Contains("fc2.bias (", low);
        Assert.EndsWith("; raise it with --scale channel, more bits, or --keep NAME", low);
    }

    [Fact]
    public void FineTuningWithChannelScales_WritesTheTunedValues_AndReportsTheAccuracyOfWhatItWrote()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), 512, 500);
        string tuned = temp.File("t.nqz"), plain = temp.File("p.nqz");
        string[] setting = ["--method", "uniform", "--bits", "3", "--scale", "channel", "--data", data];

        CliResult result = CliRunner.Run(["compress", RepoPaths.SampleModel, "-o", tuned, .. setting, "--fine-tune-epochs", "1", "--fine-tune-limit", "512", "--json"]);
        CliResult untuned = CliRunner.Run(["compress", RepoPaths.SampleModel, "-o", plain, .. setting, "--no-eval"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.True(untuned.ExitCode == 0, untuned.Stderr);
        Assert.NotEqual(File.ReadAllBytes(plain), File.ReadAllBytes(tuned)); // the shared values moved
        using JsonDocument report = JsonDocument.Parse(result.Stdout);
        Assert.Equal("channel", report.RootElement.GetProperty("scale").GetString());
        double reported = report.RootElement.GetProperty("accuracy").GetProperty("fine_tuned").GetDouble();
        // The container decoded on its own (shared values times the stored scales) scores what the report says.
        CliResult eval = CliRunner.Run("eval", tuned, "--data", data, "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        using JsonDocument evaluated = JsonDocument.Parse(eval.Stdout);
        Assert.Equal(reported, evaluated.RootElement.GetProperty("accuracy").GetDouble());
    }
}
