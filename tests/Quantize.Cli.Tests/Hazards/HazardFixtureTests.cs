using Google.Protobuf;
using Quantize.Cli;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;
using System.Text.Json;

namespace Quantize.Cli.Tests.Hazards;

/// <summary>
/// Issue 14's target on models that carry one hazard each: `quantize compress M -o M.nqz` with no option beyond
/// -o (and --no-eval, --json to read the ratio) keeps every output at cosine ≥ 0.99 in ONNX Runtime at a ratio
/// (eq. 1) ≥ 5×. Tests that fail on today's code are skipped with the cosine measured; un-skip them when scale
/// normalisation lands. The int8-per-channel reference shows each target is reachable.
/// </summary>
public class HazardFixtureTests : IDisposable
{
    const double MinCosine = 0.99, MinRatio = 5;
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

    [Fact(Skip = "issue 14: fails until scale normalisation lands — measured min cosine 0.5375 at 6.89x (cc2943f)")]
    public void ChannelScales_WithDefaults_KeepsOutputs() => AssertTarget(nameof(HazardModels.ChannelScales));

    [Fact(Skip = "issue 14: fails until scale normalisation lands — measured min cosine 0.6664 at 12.23x (cc2943f)")]
    public void TinyBert_WithDefaults_KeepsOutputs() => AssertTarget(nameof(HazardModels.TinyBert));

    [Fact(Skip = "issue 14: fails with defaults — measured min cosine 0.9750 at 5.30x (wire14; 0.9874 at 3.62x with --scale channel)")]
    public void ScalarInBranch_WithDefaults_KeepsOutputs() => AssertTarget(nameof(HazardModels.ScalarInBranch));

    [Fact(Skip = "issue 14: fails until scale normalisation lands — measured min cosine 0.6306 at 20.35x (cc2943f)")]
    public void FoldedBnStack_WithDefaults_KeepsOutputs() => AssertTarget(nameof(HazardModels.FoldedBnStack));

    // --scale channel (not yet the default) on the two scale hazards, measured at 3.39x / 0.9981 (ChannelScales: the
    // fixture is so small that its 32-bit scales weigh) and 6.38x / 0.9978 (FoldedBnStack), against 0.54 and 0.63 without.
    [Fact]
    public void FoldedBnStack_WithChannelScales_ReachesTheTarget()
    {
        (double cosine, double ratio) = CompressWith(HazardCase.Get(nameof(HazardModels.FoldedBnStack)), "--scale", "channel");
        Assert.True(cosine >= MinCosine && ratio >= MinRatio, $"min cosine {cosine:F4} at {ratio:F2}x");
    }

    [Fact]
    public void ChannelScales_WithChannelScales_KeepsOutputs()
    {
        (double cosine, _) = CompressWith(HazardCase.Get(nameof(HazardModels.ChannelScales)), "--scale", "channel");
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
        Assert.True(cosine >= MinCosine && ratio >= MinRatio, $"{fixture}: min cosine {cosine:F4} at {ratio:F2}x (target ≥ {MinCosine} at ≥ {MinRatio}x)");
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
