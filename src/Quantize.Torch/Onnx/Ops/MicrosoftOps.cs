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
    /// Conv (+ the optional input Z) followed by an activation, as ONNX Runtime's graph optimizer saves convolutional
    /// networks: activation Relu, LeakyRelu, Tanh, Sigmoid, Clip or HardSigmoid, its constants in activation_params.
    /// </summary>
    public static Tensor FusedConv(OnnxNode node)
    {
        Tensor result = ConvolutionOps.Conv(node);
        if (node.OptionalInput(3) is { } sum) result = result.add(sum, ScalarOne.Value);
        return Activated(node, result, node.Attributes.Floats("activation_params") ?? []);
    }

    /// <summary>Gemm followed by an activation (its constants in activation_alpha, activation_beta).</summary>
    public static Tensor FusedGemm(OnnxNode node)
    {
        NodeAttributes a = node.Attributes;
        float[] parameters = [.. a.Has("activation_alpha") ? [a.Float("activation_alpha", 0f)] : Array.Empty<float>(),
            .. a.Has("activation_beta") ? [a.Float("activation_beta", 0f)] : Array.Empty<float>()];
        return Activated(node, LinearOps.Gemm(node), parameters);
    }

    static Tensor Activated(OnnxNode node, Tensor x, float[] parameters)
    {
        float Parameter(int i, float fallback) => i < parameters.Length ? parameters[i] : fallback;
        return node.Attributes.String("activation", "") switch
        {
            "" or "Identity" => x,
            "Relu" => nn.functional.relu(x),
            "LeakyRelu" => nn.functional.leaky_relu(x, Parameter(0, 0.01f)),
            "Tanh" => x.tanh(),
            "Sigmoid" => x.sigmoid(),
            "Clip" => x.clamp(Parameter(0, float.MinValue), Parameter(1, float.MaxValue)),
            "HardSigmoid" => x.mul(Parameter(0, 0.2f)).add(Parameter(1, 0.5f)).clamp(0, 1),
            string other => throw node.Error($"activation '{other}' is not supported (Relu, LeakyRelu, Tanh, Sigmoid, Clip, HardSigmoid)"),
        };
    }

    /// <summary>alpha · op(A) · op(B), op transposing the last two axes where transA/transB say: ORT's fusion of a MatMul with its Transpose and Mul.</summary>
    public static Tensor FusedMatMul(OnnxNode node)
    {
        if (node.Attributes.Int("transBatchA", 0) != 0 || node.Attributes.Int("transBatchB", 0) != 0)
            throw node.Error("transBatchA and transBatchB are not supported");
        Tensor a = node.Input(0), b = node.Input(1);
        if (node.Attributes.Int("transA", 0) != 0) a = a.transpose(-1, -2);
        if (node.Attributes.Int("transB", 0) != 0) b = b.transpose(-1, -2);
        Tensor product = a.matmul(b);
        float alpha = node.Attributes.Float("alpha", 1f);
        return alpha == 1f ? product : product.mul(alpha);
    }

    /// <summary>
    /// RMS normalization over the last axis of input + skip (+ bias), scaled by gamma (T5 and LLaMA-style encoders).
    /// Outputs: the result, the mean (unused, always absent in ORT's own kernel) and the inverse RMS, and the sum.
    /// </summary>
    public static Tensor[] SkipSimplifiedLayerNormalization(OnnxNode node)
    {
        Tensor sum = node.Input(0).add(node.Input(1), ScalarOne.Value);
        if (node.OptionalInput(3) is { } bias) sum = sum.add(bias, ScalarOne.Value);
        Tensor inverseRms = sum.square().mean([-1L], keepdim: true).add(node.Attributes.Float("epsilon", 1e-12f)).rsqrt();
        return [sum.mul(inverseRms).mul(node.Input(2)), zeros_like(inverseRms), inverseRms, sum];
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
