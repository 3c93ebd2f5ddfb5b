using System.Text.Json;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>Every quantizer through the real command on the shipped model.</summary>
public class QuantizerMethodTests
{
    static JsonElement Compress(TemporaryFolder temp, string name, params string[] options)
    {
        CliResult result = CliRunner.Run(["compress", RepoPaths.SampleModel, "-o", temp.File(name), "--no-eval", "--json", .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Theory]
    [InlineData("kmeans")]
    [InlineData("hkmeans")]
    [InlineData("uniform")]
    [InlineData("ecsq")]
    public void EachMethodAtFourBitsGivesASaneReportAndAnExactContainer(string method)
    {
        using var temp = new TemporaryFolder();
        JsonElement report = Compress(temp, "m.nqz", "--method", method, "--bits", "4");
        int clusters = report.GetProperty("clusters").GetInt32();
        double entropy = report.GetProperty("entropy_bits").GetDouble();
        Assert.Equal(method, report.GetProperty("method").GetString());
        Assert.InRange(clusters, 2, 16);
        Assert.InRange(entropy, 0.5, 4.0);
        Assert.InRange(report.GetProperty("average_codeword_bits").GetDouble(), entropy, entropy + 1); // Huffman: H ≤ L < H + 1
        Assert.True(report.GetProperty("compression_ratio").GetDouble() > 7);

        // The restored model holds exactly `clusters` distinct values, and the reported distortion is theirs.
        string restored = temp.File("m.onnx");
        Assert.Equal(0, CliRunner.Run("decompress", temp.File("m.nqz"), "-o", restored).ExitCode);
        IReadOnlyList<ParameterTensor> original = ModelParameters.Extract(OnnxModelFile.Load(RepoPaths.SampleModel));
        IReadOnlyList<ParameterTensor> quantized = ModelParameters.Extract(OnnxModelFile.Load(restored));
        Assert.Equal(clusters, quantized.SelectMany(p => p.Values).Distinct().Count());
        double squaredError = original.Zip(quantized).Sum(pair => pair.First.Values.Zip(pair.Second.Values).Sum(v => Math.Pow(v.First - (double)v.Second, 2)));
        Assert.Equal(report.GetProperty("distortion").GetDouble(), squaredError / 431_080, 1e-12);
    }

    [Fact]
    public void EcsqGivenBitsMatchesTheEntropyOfUniformCells()
    {
        using var temp = new TemporaryFolder();
        double uniform = Compress(temp, "u.nqz", "--method", "uniform", "--bits", "3").GetProperty("entropy_bits").GetDouble();
        JsonElement ecsq = Compress(temp, "e.nqz", "--method", "ecsq", "--bits", "3");
        Assert.Equal(uniform, ecsq.GetProperty("rate_target").GetDouble(), 9);
        Assert.InRange(ecsq.GetProperty("entropy_bits").GetDouble(), uniform - 0.02, uniform);
    }

    [Fact]
    public void EcsqMeetsAnExplicitRate()
    {
        using var temp = new TemporaryFolder();
        JsonElement ecsq = Compress(temp, "e.nqz", "--method", "ecsq", "--rate", "1.7");
        Assert.InRange(ecsq.GetProperty("entropy_bits").GetDouble(), 1.68, 1.7);
    }

    [Fact]
    public void HessianWeightingAndTheExactSolverLowerTheWeightedDistortion()
    {
        using var temp = new TemporaryFolder();
        string hessian = temp.File("h.safetensors");
        CliResult estimate = CliRunner.Run("hessian", RepoPaths.SampleModel, "--samples", "200", "-o", hessian, "--data", RepoPaths.FashionMnist);
        Assert.True(estimate.ExitCode == 0, estimate.Stderr);

        double Distortion(params string[] options) =>
            Compress(temp, "x.nqz", [.. options, "--bits", "3", "--coding", "fixed", "--hessian", hessian]).GetProperty("distortion").GetDouble();
        double kmeans = Distortion("--method", "kmeans", "--solver", "lloyd");
        double hkmeansLloyd = Distortion("--method", "hkmeans", "--solver", "lloyd");
        double hkmeansDp = Distortion("--method", "hkmeans", "--solver", "dp");
        Assert.True(hkmeansLloyd <= kmeans, $"hkmeans {hkmeansLloyd} > kmeans {kmeans}");
        Assert.True(hkmeansDp <= hkmeansLloyd, $"dp {hkmeansDp} > lloyd {hkmeansLloyd}");
    }

    [Fact]
    public void AnsCodesAtTheEntropyWhereHuffmanCannot()
    {
        using var temp = new TemporaryFolder();
        JsonElement ans = Compress(temp, "a.nqz", "--method", "ecsq", "--rate", "0.6", "--coding", "ans");
        double entropy = ans.GetProperty("entropy_bits").GetDouble();
        double average = ans.GetProperty("average_codeword_bits").GetDouble();
        Assert.InRange(average, entropy, entropy * 1.005 + 128.0 / 431_080); // within 0.5% of N·H plus the flushed state
        JsonElement coders = ans.GetProperty("coders");
        Assert.True(coders.GetProperty("ans_bits").GetInt64() < coders.GetProperty("huffman_bits").GetInt64());
        Assert.True(coders.GetProperty("huffman_bits").GetInt64() >= 431_080); // a prefix code needs a bit per index

        string restored = temp.File("a.onnx");
        Assert.Equal(0, CliRunner.Run("decompress", temp.File("a.nqz"), "-o", restored).ExitCode);
        Assert.Equal(ans.GetProperty("clusters").GetInt32(),
            ModelParameters.Extract(OnnxModelFile.Load(restored)).SelectMany(p => p.Values).Distinct().Count());
    }

    [Fact]
    public void NonFiniteParametersAreAClearError()
    {
        using var temp = new TemporaryFolder();
        ModelProto model = OnnxModelFile.Load(RepoPaths.SampleModel);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        float[] broken = (float[])parameters[2].Values.Clone();
        broken[7] = float.NaN;
        string path = temp.File("nan.onnx");
        OnnxModelFile.Save(ModelParameters.WithValues(model, [parameters[2] with { Values = broken }]), path);

        CliResult result = CliRunner.Run("compress", path, "-o", temp.File("x.nqz"), "--no-eval");
        Assert.Equal((int)ExitCode.InputError, result.ExitCode);
        Assert.Contains("'conv2.weight' holds NaN at index 7", result.Stderr);
        Assert.False(File.Exists(temp.File("x.nqz")));
    }
}
