using System.Text.Json;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Cli.Tests.Commands;

/// <summary>
/// Models shaped as other tools export them, through the commands: what fits the images runs (an MLP on
/// [N,784], a float16 LeNet-5, a weight in a Constant node), what does not fails in one line before any work
/// (exit 2), and weight-only compress takes any of them.
/// </summary>
public class ForeignModelTests
{

    static string Save(TemporaryFolder temp, ModelProto model, string name)
    {
        string path = temp.File(name);
        OnnxModelFile.Save(model, path);
        return path;
    }

    // The one line names the model's input, the data that does not fit it, and how to make it fit.
    static void AssertRefused(CliResult result, string data)
    {
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Equal($"quantize: model input 'x' takes [N,3,32,32] float; the IDX images in {data} are 1x28x28 (pass --image-size to resize them)",
            Assert.Single(result.ErrorLines).Trim());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void CifarShapedModel_IsRefusedInOneLine_ByEveryCommandThatRunsIt()
    {
        using var temp = new TemporaryFolder();
        string model = Save(temp, ForeignModels.Cifar(), "cifar.onnx"), container = temp.File("cifar.nqz");
        string data = TinyFashionMnist.Write(temp.File("data"), 200, 200);

        AssertRefused(CliRunner.Run("eval", model, "--data", data), data);
        AssertRefused(CliRunner.Run("hessian", model, "--data", data, "--samples", "16", "-o", temp.File("h.safetensors")), data);
        AssertRefused(CliRunner.Run("compress", model, "-o", container, "--clusters", "8", "--data", data), data);
        Assert.False(File.Exists(container));
        Assert.False(File.Exists(temp.File("h.safetensors")));

        // Without --data nothing asks for the model to run, so compress codes the weights and says what it left out.
        CliResult weightOnly = CliRunner.Run("compress", model, "-o", container, "--clusters", "8");
        Assert.True(weightOnly.ExitCode == 0, weightOnly.Stderr);
        Assert.True(File.Exists(container));
        Assert.Contains("quality: not measured", weightOnly.Stdout);
    }

    [Fact]
    public void MlpTakingFlatImages_Evaluates()
    {
        using var temp = new TemporaryFolder();
        string model = Save(temp, ForeignModels.Mlp(), "mlp.onnx");
        string data = TinyFashionMnist.Write(temp.File("data"), 10, 300);

        CliResult eval = CliRunner.Run("eval", model, "--data", data, "--json");

        Assert.True(eval.ExitCode == 0, eval.Stderr);
        using JsonDocument doc = JsonDocument.Parse(eval.Stdout);
        Assert.InRange(doc.RootElement.GetProperty("accuracy").GetDouble(), 0, 100);
    }

    [Fact]
    public void HalfPrecisionLenet_CompressesWithAGaussNewtonHessian_AndScoresNearTheSample()
    {
        using var temp = new TemporaryFolder();
        string model = Save(temp, ForeignModels.HalfPrecision(ForeignModels.Lenet()), "lenet-fp16.onnx");
        string data = TinyFashionMnist.Write(temp.File("data"), 64, 1000);

        CliResult compress = CliRunner.Run("compress", model, "-o", temp.File("fp16.nqz"), "--method", "hkmeans", "--clusters", "32",
            "--hessian", "gauss-newton", "--hessian-samples", "64", "--data", data, "--json");

        Assert.True(compress.ExitCode == 0, compress.Stderr);
        using JsonDocument doc = JsonDocument.Parse(compress.Stdout);
        JsonElement accuracy = doc.RootElement.GetProperty("accuracy");
        double original = accuracy.GetProperty("original").GetDouble();
        CliResult sample = CliRunner.Run("eval", RepoPaths.SampleModel, "--data", data, "--json");
        Assert.True(sample.ExitCode == 0, sample.Stderr);
        using JsonDocument sampleDoc = JsonDocument.Parse(sample.Stdout);
        double full = sampleDoc.RootElement.GetProperty("accuracy").GetDouble();
        Assert.InRange(original, full - 0.5, full + 0.5);
        Assert.True(accuracy.GetProperty("quantized").GetDouble() > full - 5, compress.Stdout);
    }

    [Fact]
    public void WeightInAConstantNode_CompressesWithAGaussNewtonHessian()
    {
        using var temp = new TemporaryFolder();
        ModelProto lenet = ForeignModels.Lenet();
        TensorProto moved = lenet.Graph.Initializer.Last(t => TensorData.IsFloat32(t) && t.Dims.Count == 2);
        lenet.Graph.Initializer.Remove(moved);
        lenet.Graph.Node.Insert(0, OnnxBuilder.Constant(moved.Name, moved));
        string model = Save(temp, lenet, "lenet-constant.onnx");
        string data = TinyFashionMnist.Write(temp.File("data"), 64, 200);

        CliResult compress = CliRunner.Run("compress", model, "-o", temp.File("c.nqz"), "--method", "hkmeans", "--clusters", "16",
            "--hessian", "gauss-newton", "--hessian-samples", "64", "--data", data);

        Assert.True(compress.ExitCode == 0, compress.Stderr);
    }

    [Fact]
    public void WeightInAConstantNode_IsPrunedButNotRetrained_AndSaysSo()
    {
        using var temp = new TemporaryFolder();
        ModelProto lenet = ForeignModels.LenetWithConstantWeight(out string constant);
        string model = Save(temp, lenet, "lenet-constant.onnx"), output = temp.File("pruned.onnx");
        string data = TinyFashionMnist.Write(temp.File("data"), 64, 200);

        CliResult json = CliRunner.Run("prune", model, "--ratio", "0.3", "--retrain-epochs", "1", "--lr", "0.001", "-o", output, "--data", data, "--json");
        CliResult text = CliRunner.Run("prune", model, "--ratio", "0.3", "--retrain-epochs", "1", "--limit", "32", "-o", temp.File("t.onnx"), "--data", data);

        Assert.True(json.ExitCode == 0, json.Stderr);
        using JsonDocument doc = JsonDocument.Parse(json.Stdout);
        var retrained = doc.RootElement.GetProperty("tensors").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("retrained").GetBoolean());
        Assert.False(retrained[constant]);
        Assert.All(retrained.Where(r => r.Key != constant), r => Assert.True(r.Value, r.Key));
        // The constant keeps its surviving values exactly; an initializer weight moved in retraining.
        IReadOnlyList<ParameterTensor> before = ModelParameters.Extract(lenet), after = ModelParameters.Extract(OnnxModelFile.Load(output));
        float[] original = before.Single(p => p.Name == constant).Values, held = after.Single(p => p.Name == constant).Values;
        Assert.Contains(held, v => v == 0);
        Assert.All(Enumerable.Range(0, held.Length), i => Assert.True(held[i] == 0 || held[i] == original[i]));
        string trained = retrained.Keys.First(k => k != constant);
        float[] trainedBefore = before.Single(p => p.Name == trained).Values, trainedAfter = after.Single(p => p.Name == trained).Values;
        Assert.Contains(Enumerable.Range(0, trainedAfter.Length), i => trainedAfter[i] != 0 && trainedAfter[i] != trainedBefore[i]);

        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains(text.Stdout.Split('\n'), line => line.StartsWith(constant, StringComparison.Ordinal) && line.TrimEnd().EndsWith("a constant in the graph: pruned, not retrained"));
    }

    [Fact]
    public void LenetTracedAtBatchOne_CompressesWithHessianAndFineTuning_ScoringAsTheSample()
    {
        using var temp = new TemporaryFolder();
        string model = Save(temp, ForeignModels.LenetWithFixedBatch(1), "lenet-batch1.onnx");
        string data = TinyFashionMnist.Write(temp.File("data"), 64, 300);

        CliResult compress = CliRunner.Run("compress", model, "-o", temp.File("b1.nqz"), "--method", "hkmeans", "--clusters", "16",
            "--hessian", "gauss-newton", "--hessian-samples", "32", "--fine-tune-epochs", "1", "--fine-tune-limit", "64", "--data", data, "--json");
        CliResult sample = CliRunner.Run("eval", RepoPaths.SampleModel, "--data", data, "--json");

        Assert.True(compress.ExitCode == 0, compress.Stderr);
        Assert.True(sample.ExitCode == 0, sample.Stderr);
        using JsonDocument doc = JsonDocument.Parse(compress.Stdout), sampleDoc = JsonDocument.Parse(sample.Stdout);
        Assert.Equal(sampleDoc.RootElement.GetProperty("accuracy").GetDouble(), doc.RootElement.GetProperty("accuracy").GetProperty("original").GetDouble());
    }

    [Fact]
    public void MlNetExport_Evaluates_WithoutFeedingItsLabelInput()
    {
        using var temp = new TemporaryFolder();
        string data = TinyFashionMnist.Write(temp.File("data"), 10, 300);

        CliResult eval = CliRunner.Run("eval", Save(temp, ForeignModels.MlNetMlp(), "mlnet.onnx"), "--data", data, "--json");
        CliResult leaking = CliRunner.Run("eval", Save(temp, ForeignModels.MlNetMlp(labelInScores: true), "leak.onnx"), "--data", data);

        Assert.True(eval.ExitCode == 0, eval.Stderr);
        CliResult plain = CliRunner.Run("eval", Save(temp, ForeignModels.Mlp(), "mlp.onnx"), "--data", data, "--json");
        using JsonDocument doc = JsonDocument.Parse(eval.Stdout), plainDoc = JsonDocument.Parse(plain.Stdout);
        // Softmax keeps the argmax, so the export scores as the bare MLP.
        Assert.Equal(plainDoc.RootElement.GetProperty("accuracy").GetDouble(), doc.RootElement.GetProperty("accuracy").GetDouble());
        Assert.Equal((int)ExitCode.UsageError, leaking.ExitCode);
        Assert.StartsWith("quantize: model output 'Score' reads 2 inputs ('Label', 'Features');", Assert.Single(leaking.ErrorLines).Trim());
    }
}
