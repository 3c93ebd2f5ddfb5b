using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Onnx.Tests;
using Quantize.Tests.Shared;
using Xunit.Abstractions;

namespace Quantize.Cli.Tests.Large;

/// <summary>
/// A model past 2 GiB (<see cref="ChainModel"/>, external data) through compress and decompress, run in ONNX Runtime beside
/// the original. Opt-in (<see cref="LargeModelFactAttribute"/>); QUANTIZE_LARGE_TESTS_DIR keeps the files in that folder.
/// Time and peak memory of each phase go to the test's output (docs/results.md, "Models past 2 GiB").
/// </summary>
public class LargeModelTests(ITestOutputHelper output)
{
    [LargeModelFact]
    public void ModelPast2GiB_CompressesAndDecompressesWithExternalData_AndRunsInOnnxRuntimeLikeTheOriginal()
    {
        string? keep = Environment.GetEnvironmentVariable("QUANTIZE_LARGE_TESTS_DIR");
        using var temp = new TemporaryFolder();
        string folder = keep ?? temp.Path;
        Directory.CreateDirectory(folder);
        string model = Path.Combine(folder, "chain.onnx"), container = Path.Combine(folder, "chain.nqz"), restored = Path.Combine(folder, "restored.onnx");
        foreach (string file in new[] { model, model + ".data", container, restored, restored + ".data" }) File.Delete(file);
        var meter = new PhaseMeter(output);

        meter.Run("generate", () => { ChainModel.Write(model, seed: 1); return 0; });
        Assert.True(new FileInfo(model + ".data").Length > OnnxModelFile.MaxMessageBytes);
        CliResult compress = meter.Run("compress", () => CliRunner.Run("compress", model, "-o", container, "--method", "uniform", "--no-eval"));
        Assert.True(compress.ExitCode == 0, compress.Stderr);
        CliResult decompress = meter.Run("decompress", () => CliRunner.Run("decompress", container, "-o", restored));
        Assert.True(decompress.ExitCode == 0, decompress.Stderr);

        Assert.Contains("restored.onnx.data", decompress.Stdout);
        ModelProto written = OnnxModelFile.Load(restored, readExternalData: false);
        foreach (TensorProto weight in written.Graph.Initializer)
        {
            Assert.True(ExternalData.IsExternal(weight), weight.Name);
            if (weight.Name.StartsWith('w'))
                Assert.Equal(0, long.Parse(weight.ExternalData.Single(e => e.Key == "offset").Value, CultureInfo.InvariantCulture) % ExternalDataWriter.LargeAlignment);
        }
        // Streamed: decompress never holds the model's values (2.3 GB) at once.
        if (meter.Peaks["decompress"] is { } peak) Assert.True(peak < ChainModel.Parameters * 4, $"decompress peaked at {peak} bytes");

        NamedOnnxValue[] inputs = [OrtRunner.Floats("x", OnnxBuilder.RandomValues(ChainModel.Batch * ChainModel.Width, seed: 7), ChainModel.Batch, ChainModel.Width)];
        float[] original = meter.Run("onnx runtime, original", () => OrtRunner.RunFile(model, inputs));
        float[] decoded = meter.Run("onnx runtime, decompressed", () => OrtRunner.RunFile(restored, inputs));
        double[] cosines = OutputCosine.PerSample(original, decoded, ChainModel.Batch);
        output.WriteLine($"files: {new FileInfo(model + ".data").Length} B of weights, container {new FileInfo(container).Length} B, " +
                         $"restored data {new FileInfo(restored + ".data").Length} B; output cosine per sample {string.Join(", ", cosines.Select(c => c.ToString("F6", CultureInfo.InvariantCulture)))}");
        Assert.All(cosines, c => Assert.InRange(c, 0.99, 1.0));
        Assert.NotEqual(original, decoded); // quantized, not copied
    }
}
