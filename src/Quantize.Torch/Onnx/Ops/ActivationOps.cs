using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Pointwise activations: Relu, LeakyRelu, PRelu, Elu, Selu, Celu, Softplus, Sigmoid, Tanh, Clip, Erf, Gelu, HardSigmoid, HardSwish, Mish, ThresholdedRelu, Shrink, and the
/// experimental ops of opsets 1–9 that ONNX Runtime still runs (Affine, Scale, ScaledTanh, ParametricSoftplus).</summary>
static class ActivationOps
{
    public static Tensor Relu(OnnxNode node) => nn.functional.relu(node.Input(0));

    public static Tensor LeakyRelu(OnnxNode node) => nn.functional.leaky_relu(node.Input(0), node.Attributes.Float("alpha", 0.01f));

    /// <summary>The slope broadcasts to the input (per channel: [C,1,1]); written with where so it gets a gradient.</summary>
    public static Tensor PRelu(OnnxNode node)
    {
        Tensor input = node.Input(0);
        return input.where(input.ge(0), input.mul(node.Input(1)));
    }

    public static Tensor Elu(OnnxNode node) => ExponentialBelowZero(node.Input(0), node.Attributes.Float("alpha", 1f));

    // ONNX's defaults are these float32 values, not the longer constants of the SELU paper.
    public static Tensor Selu(OnnxNode node) =>
        ExponentialBelowZero(node.Input(0), node.Attributes.Float("alpha", 1.67326319217681884765625f)).mul(node.Attributes.Float("gamma", 1.05070102214813232421875f));

    public static Tensor Softplus(OnnxNode node) => nn.functional.softplus(node.Input(0));

    public static Tensor Softsign(OnnxNode node) => node.Input(0).div(node.Input(0).abs().add(1));

    static Tensor ExponentialBelowZero(Tensor input, float alpha) => input.where(input.gt(0), input.exp().sub(1).mul(alpha));

    public static Tensor Sigmoid(OnnxNode node) => node.Input(0).sigmoid();

    public static Tensor Tanh(OnnxNode node) => node.Input(0).tanh();

    public static Tensor Erf(OnnxNode node) => node.Input(0).erf();

    public static Tensor Gelu(OnnxNode node) => node.Attributes.String("approximate", "none") switch
    {
        "none" => node.Input(0).gelu(),
        "tanh" => node.Input(0).gelu(GELU.Approximate.tanh),
        string other => throw node.Error($"approximate '{other}' is not one of none, tanh"),
    };

    public static Tensor HardSigmoid(OnnxNode node) =>
        node.Input(0).mul(node.Attributes.Float("alpha", 0.2f)).add(node.Attributes.Float("beta", 0.5f)).clamp(0, 1);

    public static Tensor HardSwish(OnnxNode node) => nn.functional.hardswish(node.Input(0));

    /// <summary>Before opset 11, min and max were float attributes; from 11 on they are optional scalar inputs.</summary>
    public static Tensor Clip(OnnxNode node)
    {
        Tensor input = node.Input(0);
        if (node.Opset < 11)
            return input.clamp(node.Attributes.Float("min", float.MinValue), node.Attributes.Float("max", float.MaxValue));
        Tensor? min = node.OptionalInput(1), max = node.OptionalInput(2);
        if (min is null && max is null) return input.alias();
        return input.clamp(min?.to_type(input.dtype), max?.to_type(input.dtype));
    }

    /// <summary>max(0, x) + min(0, alpha·(exp(x/alpha) − 1)): Elu with the exponent scaled by alpha.</summary>
    public static Tensor Celu(OnnxNode node)
    {
        float alpha = node.Attributes.Float("alpha", 1f);
        Tensor input = node.Input(0);
        return input.where(input.gt(0), input.div(alpha).exp().sub(1).mul(alpha));
    }

    public static Tensor Mish(OnnxNode node) => node.Input(0).mul(nn.functional.softplus(node.Input(0)).tanh());

    public static Tensor ThresholdedRelu(OnnxNode node)
    {
        Tensor input = node.Input(0);
        return input.where(input.gt(node.Attributes.Float("alpha", 1f)), zeros_like(input));
    }

    /// <summary>x + bias below −lambd, x − bias above lambd, 0 between.</summary>
    public static Tensor Shrink(OnnxNode node)
    {
        Tensor input = node.Input(0);
        float lambd = node.Attributes.Float("lambd", 0.5f), bias = node.Attributes.Float("bias", 0f);
        return input.sub(bias).where(input.gt(lambd), input.add(bias).where(input.lt(-lambd), zeros_like(input)));
    }

    // Experimental ops that old converters (CoreML, Caffe) wrote and ONNX later dropped; ONNX Runtime keeps them.
    public static Tensor Affine(OnnxNode node) => node.Input(0).mul(node.Attributes.Float("alpha", 1f)).add(node.Attributes.Float("beta", 0f));

    public static Tensor Scale(OnnxNode node) => node.Input(0).mul(node.Attributes.Float("scale", 1f));

    public static Tensor ScaledTanh(OnnxNode node) =>
        node.Input(0).mul(node.Attributes.Float("beta", 1f)).tanh().mul(node.Attributes.Float("alpha", 1f));

    public static Tensor ParametricSoftplus(OnnxNode node) =>
        nn.functional.softplus(node.Input(0).mul(node.Attributes.Float("beta", 1f))).mul(node.Attributes.Float("alpha", 1f));
}
