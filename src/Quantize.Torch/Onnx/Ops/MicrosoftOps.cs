using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// Contrib ops of the "com.microsoft" domain that ONNX Runtime's transformer optimizer writes into BERT-style
/// exports (fused GELUs and the residual-plus-LayerNorm); each runs in ORT's default CPU provider.
/// </summary>
static class MicrosoftOps
{
    public const string Domain = "com.microsoft";

    /// <summary>The exact (erf) GELU, as the default-domain Gelu of opset 20 without approximation.</summary>
    public static Tensor Gelu(OnnxNode node) => node.Input(0).gelu();

    /// <summary>GELU of input + bias (the bias of the MatMul before it), exact.</summary>
    public static Tensor BiasGelu(OnnxNode node) => node.Input(0).add(node.Input(1), ScalarOne.Value).gelu();

    /// <summary>The tanh approximation of GELU of input + optional bias.</summary>
    public static Tensor FastGelu(OnnxNode node)
    {
        Tensor input = node.OptionalInput(1) is { } bias ? node.Input(0).add(bias, ScalarOne.Value) : node.Input(0);
        return input.gelu(GELU.Approximate.tanh);
    }

    /// <summary>x·sigmoid(alpha·x) (alpha default 1.702), CLIP's GELU approximation.</summary>
    public static Tensor QuickGelu(OnnxNode node)
    {
        Tensor input = node.Input(0);
        return input.mul(input.mul(node.Attributes.Float("alpha", 1.702f)).sigmoid());
    }

    /// <summary>
    /// LayerNorm over the last axis of input + skip (+ bias), scaled by gamma and shifted by the optional beta. Outputs:
    /// the result, the mean and the inverse standard deviation (kept as a size-1 last axis), and the sum itself;
    /// exports usually ask for the first only.
    /// </summary>
    public static Tensor[] SkipLayerNormalization(OnnxNode node)
    {
        Tensor sum = node.Input(0).add(node.Input(1), ScalarOne.Value);
        if (node.OptionalInput(4) is { } bias) sum = sum.add(bias, ScalarOne.Value);
        float epsilon = node.Attributes.Float("epsilon", 1e-12f);
        Tensor mean = sum.mean([-1L], keepdim: true);
        Tensor centered = sum.sub(mean);
        Tensor inverseStd = centered.square().mean([-1L], keepdim: true).add(epsilon).rsqrt();
        Tensor y = centered.mul(inverseStd).mul(node.Input(2));
        if (node.OptionalInput(3) is { } beta) y = y.add(beta, ScalarOne.Value);
        return [y, mean, inverseStd, sum];
    }
}
