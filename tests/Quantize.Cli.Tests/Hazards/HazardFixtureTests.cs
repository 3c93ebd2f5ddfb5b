using Google.Protobuf;
using Quantize.Cli;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;
using System.Text.Json;

namespace Quantize.Cli.Tests.Hazards;

/// <summary>
/// Issue 14's hazards, one per model: `quantize compress M -o M.nqz` with no option beyond -o (and --no-eval, --json to
/// read the ratio) keeps every output at cosine ≥ 0.99 in ONNX Runtime. Before the safe default (cc2943f) they came back
/// at 0.54, 0.67, −0.54 and 0.63. The ratio target (≥ 5×) is for real models (docs/results.md §9d): these fixtures hold a
/// few hundred to a few thousand weights, so their 32-bit scales and codebook table weigh and they only have to compress
/// (≥ 2×; measured 2.66× to 4.94×, printed with --logger "console;verbosity=detailed"). The int8-per-channel reference shows each fidelity target is reachable.
/// </summary>
public class HazardFixtureTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    const double MinCosine = 0.99, MinRatio = 5, MinFixtureRatio = 2;
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string> Fixtures => new(HazardCase.Names);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Int8PerChannelReference_KeepsOutputs(string fixture)
    {
        HazardCase hazard = HazardCase.Get(fixture);

        (var rounded, double ratio) = Int8Reference.Apply(hazard.Model);

        double cosine = hazard.MinCosine(rounded.ToByteArray());
        Assert.True(cosine >= MinCosine, $"{fixture}: int8 per channel gives min cosine {cosine:F4}");
        Assert.InRange(ratio, 3, 4);
    }

    [Fact]
    public void ChannelScales_WithDefaults_KeepsOutputs() => AssertTarget(nameof(HazardModels.ChannelScales));

    [Fact]
    public void TinyBert_WithDefaults_KeepsOutputs() => AssertTarget(nameof(HazardModels.TinyBert));

    [Fact]
    public void ScalarInBranch_WithDefaults_KeepsOutputs() => AssertTarget(nameof(HazardModels.ScalarInBranch));

    [Fact]
    public void FoldedBnStack_WithDefaults_KeepsOutputs() => AssertTarget(nameof(HazardModels.FoldedBnStack));

    // Channel scales with the paper's 32 uniform cells on the two scale hazards, measured at 3.39x / 0.9981 (ChannelScales)
    // and 6.38x / 0.9978 (FoldedBnStack), against 0.54 and 0.63 without scales.
    [Fact]
    public void FoldedBnStack_WithChannelScalesAnd32Cells_ReachesTheTarget()
    {
        (double cosine, double ratio) = CompressWith(HazardCase.Get(nameof(HazardModels.FoldedBnStack)), "--scale", "channel", "--bits", "5");
        Assert.True(cosine >= MinCosine && ratio >= MinRatio, $"min cosine {cosine:F4} at {ratio:F2}x");
    }

    [Fact]
    public void ChannelScales_WithChannelScalesAnd32Cells_KeepsOutputs()
    {
        (double cosine, _) = CompressWith(HazardCase.Get(nameof(HazardModels.ChannelScales)), "--scale", "channel", "--bits", "5");
        Assert.True(cosine >= MinCosine, $"min cosine {cosine:F4}");
    }

    /// <summary>The fixture through the CLI in-process with its defaults; returns the restored model's min cosine and the report's ratio.</summary>
    internal (double Cosine, double Ratio) CompressWithDefaults(HazardCase hazard) => CompressWith(hazard);

    /// <summary>The fixture through the CLI with <paramref name="options"/> beyond -o, --no-eval and --json.</summary>
    internal (double Cosine, double Ratio) CompressWith(HazardCase hazard, params string[] options)
    {
        string model = folder.File(hazard.Name + ".onnx"), container = folder.File(hazard.Name + ".nqz"), restored = folder.File(hazard.Name + ".restored.onnx");
        OnnxModelFile.Save(hazard.Model, model);
        string report = Cli(["compress", model, "-o", container, "--no-eval", "--json", .. options]);
        Cli("decompress", container, "-o", restored);
        double ratio = JsonDocument.Parse(report).RootElement.GetProperty("compression_ratio").GetDouble();
        return (hazard.MinCosine(File.ReadAllBytes(restored)), ratio);
    }

    void AssertTarget(string fixture)
    {
        (double cosine, double ratio) = CompressWithDefaults(HazardCase.Get(fixture));
        output.WriteLine($"{fixture}: min cosine {cosine:F4} at {ratio:F2}x"); // docs/results.md §9c quotes these
        Assert.True(cosine >= MinCosine && ratio >= MinFixtureRatio, $"{fixture}: min cosine {cosine:F4} at {ratio:F2}x (target ≥ {MinCosine} at ≥ {MinFixtureRatio}x)");
    }

    static string Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = QuantizeApp.Run(args, stdout, stderr);
        Assert.True(code == 0, $"quantize {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout.ToString();
    }
}
