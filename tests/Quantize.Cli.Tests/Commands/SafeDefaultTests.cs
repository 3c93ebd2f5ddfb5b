using System.Text.Json;
using Quantize.Cli.Names;
using Quantize.Cli.Options;
using Quantize.Cli.Pipeline;
using Quantize.Core.Accounting;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>
/// compress told nothing about the quantizer (issue 14): a fixed step over per-channel normalised weights, so every tensor
/// keeps about the SQNR the step promises; anything the user says about the quantizer is taken as said.
/// </summary>
public class SafeDefaultTests
{
    static JsonElement Compress(TemporaryFolder temp, string name, params string[] options)
    {
        CliResult result = CliRunner.Run(["compress", RepoPaths.SampleModel, "-o", temp.File(name), "--no-eval", "--json", .. options]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    [Fact]
    public void NoOptions_TakeTheStepOverChannelScales_AndEveryTensorKeepsItsSqnr()
    {
        using var temp = new TemporaryFolder();

        JsonElement report = Compress(temp, "default.nqz");

        Assert.Equal("uniform", report.GetProperty("method").GetString());
        Assert.Equal("channel", report.GetProperty("scale").GetString());
        Assert.Equal(SafeDefaults.Step, report.GetProperty("step").GetDouble());
        // 10·log10(12/S²) = 33.9 dB at the trial step; the probe gives no tensor a step coarser than twice it (27.9 dB).
        foreach (JsonElement layer in report.GetProperty("layers").EnumerateArray())
            Assert.True(layer.GetProperty("sqnr_db").GetDouble() > 27, layer.ToString());
        Assert.InRange(report.GetProperty("compression_ratio").GetDouble(), 5, 8);

        // The restored model's weights are those the report measured.
        string restored = temp.File("default.onnx");
        Assert.Equal(0, CliRunner.Run("decompress", temp.File("default.nqz"), "-o", restored).ExitCode);
        var before = ModelParameters.Extract(OnnxModelFile.Load(RepoPaths.SampleModel)).ToDictionary(t => t.Name);
        foreach (ParameterTensor after in ModelParameters.Extract(OnnxModelFile.Load(restored)))
            Assert.True(ReconstructionError.Of(before[after.Name].Values, after.Values).SqnrDb > 27, after.Name);
    }

    [Fact]
    public void SmallTensors_GetAFinerShareOfTheGrid()
    {
        using var temp = new TemporaryFolder();

        JsonElement report = Compress(temp, "default.nqz", "--no-probe");
        var sqnr = report.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("sqnr_db").GetDouble());

        // fc1.weight (400000 elements) takes the plain step; fc2.bias (10) takes 1/8 of it: 18 dB more.
        Assert.InRange(sqnr["fc1.weight"], 33, 35);
        Assert.True(sqnr["fc2.bias"] > sqnr["fc1.weight"] + 12, $"{sqnr["fc2.bias"]} vs {sqnr["fc1.weight"]}");
    }

    [Fact]
    public void Probe_SpendsTheOutputErrorItAllows_AndSaysWhatItDid()
    {
        using var temp = new TemporaryFolder();

        JsonElement probed = Compress(temp, "probed.nqz"), sized = Compress(temp, "sized.nqz", "--no-probe");

        JsonElement probe = probed.GetProperty("probe");
        Assert.Null(probe.GetProperty("skipped_because").GetString());
        Assert.Equal(8, probe.GetProperty("measured").GetInt32());
        // LeNet-5's outputs barely move at the trial step, so the probe coarsens tensors up to the cap, within the target.
        Assert.True(probe.GetProperty("coarsened").GetInt32() > 0, probe.ToString());
        Assert.InRange(probe.GetProperty("predicted_error").GetDouble(), probe.GetProperty("trial_error").GetDouble(), Quantize.Cli.Pipeline.GridShares.ProbeTarget);
        // The joint run (every probed tensor quantized at once) meets the target, reallocating for less if it had to.
        Assert.InRange(probe.GetProperty("joint_error").GetDouble(), 1e-12, Quantize.Cli.Pipeline.GridShares.ProbeTarget);
        Assert.InRange(probe.GetProperty("allocation_target").GetDouble(), Quantize.Cli.Pipeline.GridShares.ProbeTarget / 64, Quantize.Cli.Pipeline.GridShares.ProbeTarget);
        Assert.Equal(JsonValueKind.Null, sized.GetProperty("probe").ValueKind);
        Assert.True(probed.GetProperty("compression_ratio").GetDouble() > sized.GetProperty("compression_ratio").GetDouble());
    }

    [Fact]
    public void WithData_TheProbeRunsOnTrainingSamples_AndTheReportSaysSo()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), 32, 100);

        CliResult result = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("d.nqz"), "--data", data, "--json");
        CliResult text = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("t.nqz"), "--data", data);

        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement probe = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("probe");
        Assert.Equal($"{Quantize.Cli.Pipeline.GridShares.ProbeSamples} training samples", probe.GetProperty("inputs").GetString());
        Assert.Equal(8, probe.GetProperty("measured").GetInt32());
        Assert.Contains(text.Stdout.Split('\n'), l => l.StartsWith("probe: 8 tensors measured on 8 training samples", StringComparison.Ordinal));
    }

    [Fact]
    public void AModelTracedAtBatchOne_IsProbedOnSyntheticInputsOfThatBatch()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), 32, 100), model = temp.File("b1.onnx");
        Quantize.Format.Onnx.OnnxModelFile.Save(ForeignModels.LenetWithFixedBatch(1), model);

        CliResult result = CliRunner.Run("compress", model, "-o", temp.File("b1.nqz"), "--data", data, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement probe = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("probe");
        const string why = "the model takes a fixed batch of 1 and --data gave 8 samples";
        Assert.Equal($"synthetic inputs (--data not used: {why})", probe.GetProperty("inputs").GetString());
        Assert.Contains($"warning: the probe runs on synthetic inputs, not on --data ({why})", result.Stderr);
        Assert.Equal(8, probe.GetProperty("measured").GetInt32());
    }

    [Fact]
    public void DataThatDoesNotFitTheModel_IsNotSilentlyIgnoredByTheProbe()
    {
        using var temp = new TemporaryFolder();
        // Images of the wrong shape (14 × 56) for LeNet-5's [N,1,28,28] input: nothing else runs on them under --no-eval, so the probe
        // is the only part that tries, and the user who gave them hears why it fell back.
        string data = TinyFashionMnist.WriteAs(temp.File("data"), 8, rows: 14, columns: 56);

        CliResult result = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("d.nqz"), "--data", data, "--no-eval", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        string inputs = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("probe").GetProperty("inputs").GetString()!;
        Assert.StartsWith("synthetic inputs (--data not used: ", inputs, StringComparison.Ordinal);
        Assert.Contains("warning: the probe runs on synthetic inputs, not on --data (", result.Stderr);
    }

    [Fact]
    public void AModelTheProbeCannotRun_IsStillCompressed_WithAFinerGridAsAMargin_AndStandardErrorSaysSo()
    {
        using var temp = new TemporaryFolder();
        // An op the executor does not know: the container is still written (weights only), from size-based shares halved.
        var model = ForeignModels.Lenet();
        model.Graph.Node.First(n => n.OpType == "Relu").OpType = "MysteryActivation";
        Quantize.Format.Onnx.OnnxModelFile.Save(model, temp.File("mystery.onnx"));

        CliResult result = CliRunner.Run("compress", temp.File("mystery.onnx"), "-o", temp.File("m.nqz"), "--no-eval", "--json");
        CliResult unprobed = CliRunner.Run("compress", temp.File("mystery.onnx"), "-o", temp.File("u.nqz"), "--no-eval", "--json", "--no-probe");

        Assert.True(result.ExitCode == 0, result.Stderr);
        JsonElement report = JsonDocument.Parse(result.Stdout).RootElement, probe = report.GetProperty("probe");
        Assert.Contains("MysteryActivation", probe.GetProperty("skipped_because").GetString());
        Assert.Equal(GridShares.BlindShare, probe.GetProperty("blind_share").GetDouble());
        // --json keeps stdout for the report; the warning reaches the user on standard error.
        Assert.Contains("warning: the probe could not run the model", result.Stderr);
        // Half the step of the size-based shares --no-probe keeps: about 6 dB more on every tensor (10·log10 4; a bias of ten values strays further).
        var asked = JsonDocument.Parse(unprobed.Stdout).RootElement;
        double[] gains = report.GetProperty("layers").EnumerateArray().Zip(asked.GetProperty("layers").EnumerateArray(),
            (blind, sized) => blind.GetProperty("sqnr_db").GetDouble() - sized.GetProperty("sqnr_db").GetDouble()).ToArray();
        Assert.All(gains, gain => Assert.InRange(gain, 4, 8));
    }

    [Fact]
    public void TheDefaultCodebook_IsGridLevels_CountedAsStored()
    {
        using var temp = new TemporaryFolder();

        // One table each, so the one codebook is the whole story (coding groups would split it: CodingGroupsTests).
        JsonElement grid = Compress(temp, "grid.nqz", "--no-probe", "--one-table"), mean = Compress(temp, "mean.nqz", "--no-probe", "--one-table", "--center", "mean");

        NqzBody body = NqzFile.Read(temp.File("grid.nqz"));
        Codebook levels = body.Codebooks.Single(), floats = NqzFile.Read(temp.File("mean.nqz")).Codebooks.Single();
        // Honest against the bytes: eq. (1)'s side information is what the messages hold, less their protobuf framing.
        JsonElement sizes = grid.GetProperty("sizes");
        long scaleBytes = body.Tensors.Sum(t => (long)t.Scales.CalculateSize());
        Assert.InRange(8 * scaleBytes - sizes.GetProperty("scale_bits").GetInt64(), 0, 8 * 12 * body.Tensors.Count);
        Assert.InRange(8L * levels.Grid.CalculateSize() - sizes.GetProperty("shared_value_bits").GetInt64(), 0, 8 * 8);
        Assert.True(sizes.GetProperty("total_bits").GetInt64() < 8 * sizes.GetProperty("container_bytes").GetInt64());
        Assert.Equal(new FileInfo(temp.File("grid.nqz")).Length, sizes.GetProperty("container_bytes").GetInt64());
        Assert.Equal((float)SafeDefaults.Step, levels.Grid.Step);
        Assert.Null(floats.Grid); // cell means are no grid points: float32s, as before
        long gridBits = grid.GetProperty("sizes").GetProperty("shared_value_bits").GetInt64();
        Assert.Equal(SharedValues.Bits(levels), gridBits);
        Assert.InRange(gridBits, 1, 16L * SharedValues.Count(levels));
        Assert.Equal(32L * floats.Values.Count, mean.GetProperty("sizes").GetProperty("shared_value_bits").GetInt64());
        Assert.Equal(grid.GetProperty("clusters").GetInt32(), mean.GetProperty("clusters").GetInt32()); // the same cells
    }

    [Fact]
    public void TheProbedDefault_WritesTheSameBytesTwice()
    {
        using var temp = new TemporaryFolder();
        Compress(temp, "a.nqz");
        Compress(temp, "b.nqz");
        Assert.Equal(File.ReadAllBytes(temp.File("a.nqz")), File.ReadAllBytes(temp.File("b.nqz")));
    }

    [Theory]
    [InlineData(new[] { "--no-probe" }, "channel", SafeDefaults.Step, "ans")]
    [InlineData(new[] { "--no-probe", "--coding", "huffman" }, "channel", SafeDefaults.Step, "huffman")]
    [InlineData(new[] { "--bits", "5" }, "none", null, "huffman")]
    [InlineData(new[] { "--method", "kmeans" }, "none", null, "huffman")]
    [InlineData(new[] { "--scale", "none" }, "none", null, "huffman")]
    [InlineData(new[] { "--scale", "tensor" }, "tensor", SafeDefaults.Step, "ans")]
    [InlineData(new[] { "--step", "0.2", "--scale", "channel" }, "channel", 0.2, "huffman")]
    [InlineData(new[] { "--method", "uniform", "--step", "0.07", "--scale", "channel", "--no-probe" }, "channel", SafeDefaults.Step, "huffman")]
    [InlineData(new[] { "--per-layer" }, "none", null, "huffman")]
    public void WhatTheUserSays_IsTaken(string[] options, string scale, double? step, string coding)
    {
        using var temp = new TemporaryFolder();

        JsonElement report = Compress(temp, "c.nqz", options);

        Assert.Equal(scale, report.GetProperty("scale").GetString());
        Assert.Equal(step, report.GetProperty("step").ValueKind == JsonValueKind.Null ? null : report.GetProperty("step").GetDouble());
        // ANS only where compress picked the quantizer itself and no --coding was given; a named quantizer keeps Huffman.
        Assert.Equal(coding, report.GetProperty("coding").GetString());
        Assert.Equal(coding, CodingNames.Of(NqzFile.Read(temp.File("c.nqz")).Codebooks[0].Coding));
    }

    [Fact]
    public void StepWithCellCount_IsRefusedInOneLine()
    {
        using var temp = new TemporaryFolder();

        CliResult result = CliRunner.Run("compress", RepoPaths.SampleModel, "-o", temp.File("x.nqz"), "--step", "0.1", "--bits", "4");

        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains("give one of --bits, --clusters, --rate or --step", result.Stderr);
        Assert.False(File.Exists(temp.File("x.nqz")));
    }
}
