using Quantize.Torch.Onnx;
using Quantize.Torch.Tests.Onnx.Oracle;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx;

/// <summary>Fine-tuning and Hessians need gradients with respect to initializers through every op on the way.</summary>
public class GradientFlowTests
{
    public GradientFlowTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void LossBackwardReachesConvBatchNormAndGemmInitializers()
    {
        using var graph = new OnnxGraphModule(ModelGraphs.ResidualCnn(15));
        using Tensor x = Graphs.Random(95, ModelGraphs.CnnInput);
        AssertGradients(graph, x, ["conv1.w", "conv1.b", "bn1.scale", "bn1.bias", "bn1.mean", "bn1.var", "conv2.w", "bn2.scale", "fc.w", "fc.b"]);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(20)]
    public void LossBackwardReachesEncoderInitializers(long opset)
    {
        using var graph = new OnnxGraphModule(ModelGraphs.EncoderBlock(opset));
        using Tensor x = Graphs.Random(96, ModelGraphs.EncoderInput);
        AssertGradients(graph, x, ["qkv.w", "qkv.b", "out.w", "ff1.w", "ff2.w", "ln1.scale", "ln1.bias", "ln2.scale"]);
    }

    static void AssertGradients(OnnxGraphModule graph, Tensor x, string[] names)
    {
        foreach (var parameter in graph.Initializers.Values) parameter.requires_grad_(true);
        using Tensor output = graph.forward(x);
        // Weights per output element, so that no gradient vanishes by symmetry (as under LayerNorm with a plain sum).
        using Tensor weights = Graphs.Random(97, output.shape);
        using Tensor loss = output.mul(weights).sum();
        loss.backward();
        foreach (string name in names)
        {
            Tensor? grad = graph.Initializers[name].grad;
            Assert.True(grad is not null, $"no gradient reached '{name}'");
            Assert.True(grad.abs().sum().item<float>() > 0, $"the gradient of '{name}' is all zero");
            Assert.True(grad.isfinite().all().item<bool>(), $"the gradient of '{name}' is not finite");
        }
    }
}
