using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Numpy-broadcasting arithmetic and comparisons, Where, and the pass-through ops.</summary>
static class ArithmeticOps
{
    public static Tensor Add(OnnxNode node) => node.Input(0).add(node.Input(1), ScalarOne.Value);

    public static Tensor Sub(OnnxNode node) => node.Input(0).sub(node.Input(1));

    public static Tensor Mul(OnnxNode node) => node.Input(0).mul(node.Input(1));

    /// <summary>Integer division truncates in ONNX (shape arithmetic relies on it); torch would return floats.</summary>
    public static Tensor Div(OnnxNode node)
    {
        Tensor left = node.Input(0), right = node.Input(1);
        return left.is_floating_point() ? left.div(right) : left.div(right, RoundingMode.trunc);
    }

    /// <summary>The result keeps the base's type, whatever the exponent's.</summary>
    public static Tensor Pow(OnnxNode node)
    {
        Tensor result = node.Input(0).pow(node.Input(1));
        return result.dtype == node.Input(0).dtype ? result : result.to_type(node.Input(0).dtype);
    }

    public static Tensor Sqrt(OnnxNode node) => node.Input(0).sqrt();

    public static Tensor Neg(OnnxNode node) => node.Input(0).neg();

    public static Tensor Abs(OnnxNode node) => node.Input(0).abs();

    public static Tensor Exp(OnnxNode node) => node.Input(0).exp();

    public static Tensor Log(OnnxNode node) => node.Input(0).log();

    public static Tensor Reciprocal(OnnxNode node) => node.Input(0).reciprocal();

    public static Tensor Equal(OnnxNode node) => node.Input(0).eq(node.Input(1));

    public static Tensor Less(OnnxNode node) => node.Input(0).lt(node.Input(1));

    public static Tensor Greater(OnnxNode node) => node.Input(0).gt(node.Input(1));

    public static Tensor Not(OnnxNode node) => node.Input(0).logical_not();

    public static Tensor Where(OnnxNode node) => node.Input(1).where(node.Input(0), node.Input(2));

    public static Tensor Identity(OnnxNode node) => node.Input(0).alias();

    /// <summary>Inference only: Dropout passes its input through, and its optional mask keeps every element.</summary>
    public static Tensor[] Dropout(OnnxNode node)
    {
        if (node.Opset >= 12 && node.OptionalInput(2) is { } training && training.item<bool>())
            throw node.Error("training_mode = true is not supported; execution is inference only");
        Tensor input = node.Input(0);
        return [input.alias(), ones_like(input, dtype: ScalarType.Bool)];
    }
}
