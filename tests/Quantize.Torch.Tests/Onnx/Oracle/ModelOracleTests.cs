using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>Whole networks end to end against ONNX Runtime: the shipped LeNet-5 on real images, a residual CNN, an encoder block.</summary>
public class ModelOracleTests
{
    public ModelOracleTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void SampleLeNet5MatchesOrtOnFashionMnist()
    {
        ModelProto model = OnnxModelFile.Load(RepoPaths.SampleModel);
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet();
        string input = model.Graph.Input.First(i => !initializers.Contains(i.Name)).Name;
        (Tensor pixels, Tensor labels) = TestData.Test.Batch(Enumerable.Range(0, 128).ToArray());
        using (pixels)
        using (labels)
            OrtOracle.AssertMatches(model, (input, pixels));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(15)]
    public void ResidualCnnMatchesOrt(long opset)
    {
        using Tensor x = Graphs.Random(90, ModelGraphs.CnnInput);
        OrtOracle.AssertMatches(ModelGraphs.ResidualCnn(opset), ("x", x));
    }

    [Theory]
    [InlineData(13)]    // decomposed LayerNorm, Erf GELU, Split sizes as input
    [InlineData(17)]    // LayerNormalization op
    [InlineData(18)]    // Split by num_outputs
    [InlineData(20)]    // Gelu op
    public void EncoderBlockMatchesOrt(long opset)
    {
        using Tensor x = Graphs.Random(91, ModelGraphs.EncoderInput);
        OrtOracle.AssertMatches(ModelGraphs.EncoderBlock(opset), ("x", x));
    }
}
