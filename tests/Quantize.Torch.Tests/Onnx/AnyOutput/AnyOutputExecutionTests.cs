using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Tests.Onnx.Oracle;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.AnyOutput;

/// <summary>
/// Models that are not image classifiers run through the executor as ONNX Runtime runs them, fed by name, and give
/// their primary outputs per sample: a BERT-style encoder (three int64 inputs, two outputs) and an OCR-style detector.
/// </summary>
public class AnyOutputExecutionTests
{
    public AnyOutputExecutionTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void EncoderMatchesOrt()
    {
        Dictionary<string, Tensor> inputs = AnyOutputData.EncoderInputs(5, 1);
        OrtOracle.AssertMatches(AnyOutputModels.Encoder(), [.. inputs.Select(p => (p.Key, p.Value))]);
    }

    [Fact]
    public void DetectorMatchesOrt()
    {
        Dictionary<string, Tensor> inputs = AnyOutputData.DetectorInputs(3, 2);
        OrtOracle.AssertMatches(AnyOutputModels.Detector(), [.. inputs.Select(p => (p.Key, p.Value))]);
    }

    [Fact]
    public void AudioMatchesOrt()
    {
        Dictionary<string, Tensor> inputs = AnyOutputData.AudioInputs(4, 7);
        OrtOracle.AssertMatches(AnyOutputModels.Audio(), [.. inputs.Select(p => (p.Key, p.Value))]);
    }

    // The pooler's [N,H] beside the [N,T,H] states is an embedding, not class scores: both outputs are primary.
    [Fact]
    public void EncoderOutputsAreAllPrimary()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        Assert.False(module.HasClassScores);
        Assert.Equal(["last_hidden_state", "pooler_output"], module.PrimaryOutputs);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], module.PrimaryInputs);
    }

    [Fact]
    public void PrimaryJoinsTheOutputsPerSample()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        Dictionary<string, Tensor> inputs = AnyOutputData.EncoderInputs(4, 3);
        using var _ = no_grad();
        Tensor[] all = module.Run(inputs);
        Tensor primary = module.Primary(new ModelBatch(inputs, null));
        Assert.Equal([4L, AnyOutputModels.Tokens * AnyOutputModels.Hidden + AnyOutputModels.Hidden], primary.shape);
        Tensor expected = cat([all[0].reshape(4, -1), all[1]], 1);
        Assert.True(primary.equal(expected).all().item<bool>());
    }

    // Data files keep what numpy wrote: int32 ids reach the graph as the int64 it declares, with the same result.
    [Fact]
    public void Int32IdsAreWidened()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        Dictionary<string, Tensor> inputs = AnyOutputData.EncoderInputs(3, 4);
        var narrow = inputs.ToDictionary(p => p.Key, p => p.Value.to_type(ScalarType.Int32));
        using var _ = no_grad();
        Tensor wide = module.Primary(new ModelBatch(inputs, null));
        Tensor fromInt32 = module.Primary(new ModelBatch(narrow, null));
        Assert.True(wide.equal(fromInt32).all().item<bool>());
    }

    [Fact]
    public void MissingInputIsNamed()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        Dictionary<string, Tensor> inputs = AnyOutputData.EncoderInputs(2, 5);
        inputs.Remove("token_type_ids");
        var error = Assert.Throws<OnnxExecutionException>(() => module.Forward(new ModelBatch(inputs, null)));
        Assert.Contains("'token_type_ids'", error.Message);
    }

    // The classifier path through named inputs is the image path: same scores, bit for bit.
    [Fact]
    public void ClassifierPrimaryIsForward()
    {
        ModelProto lenet = ForeignModels.Lenet();
        using var module = new OnnxGraphModule(lenet);
        Assert.True(module.HasClassScores);
        (Tensor pixels, _) = TestData.Test.Batch([0, 1, 2, 3, 4, 5, 6, 7]);
        using var noGrad = no_grad();
        Tensor byImage = module.forward(pixels);
        Tensor byName = module.Primary(new ModelBatch(new Dictionary<string, Tensor> { [module.ImageInput] = pixels }, null));
        Assert.True(byImage.equal(byName).all().item<bool>());
    }

    [Fact]
    public void UnsupportedOpFailsInOneLineNamingIt()
    {
        ModelProto model = AnyOutputModels.Detector();
        model.Graph.Node.First(n => n.OpType == "Softplus").OpType = "Mish2";
        using var module = new OnnxGraphModule(model);
        var error = Assert.Throws<OnnxExecutionException>(() => module.Forward(new ModelBatch(AnyOutputData.DetectorInputs(1, 6), null)));
        Assert.StartsWith("unsupported op Mish2 in node", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
