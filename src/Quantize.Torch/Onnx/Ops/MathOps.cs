using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Pointwise maths beyond arithmetic: trigonometry (positional encodings, rotary embeddings), rounding (detection heads' grid maths), Sign, Mod, IsNaN, IsInf.</summary>
static class MathOps
{
    public static Tensor Sin(OnnxNode node) => node.Input(0).sin();

    public static Tensor Cos(OnnxNode node) => node.Input(0).cos();

    public static Tensor Tan(OnnxNode node) => node.Input(0).tan();

    public static Tensor Atan(OnnxNode node) => node.Input(0).atan();

    public static Tensor Asin(OnnxNode node) => node.Input(0).asin();

    public static Tensor Acos(OnnxNode node) => node.Input(0).acos();

    public static Tensor Sinh(OnnxNode node) => node.Input(0).sinh();

    public static Tensor Cosh(OnnxNode node) => node.Input(0).cosh();

    public static Tensor Asinh(OnnxNode node) => node.Input(0).asinh();

    public static Tensor Acosh(OnnxNode node) => node.Input(0).acosh();

    public static Tensor Atanh(OnnxNode node) => node.Input(0).atanh();

    public static Tensor Floor(OnnxNode node) => node.Input(0).floor();

    public static Tensor Ceil(OnnxNode node) => node.Input(0).ceil();

    /// <summary>ONNX rounds halves to even, as torch's round does.</summary>
    public static Tensor Round(OnnxNode node) => node.Input(0).round();

    public static Tensor Sign(OnnxNode node) => node.Input(0).sign();

    /// <summary>fmod = 1 takes the dividend's sign (C's fmod, required for floats); fmod = 0 the divisor's (Python's %), integers only.</summary>
    public static Tensor Mod(OnnxNode node)
    {
        Tensor left = node.Input(0), right = node.Input(1);
        if (node.Attributes.Int("fmod", 0) != 0) return left.fmod(right);
        if (left.is_floating_point()) throw node.Error("fmod = 0 is defined for integer inputs only; floats need fmod = 1");
        return left.remainder(right);
    }

    public static Tensor IsNaN(OnnxNode node) => node.Input(0).isnan();

    /// <summary>detect_positive and detect_negative (both on by default) choose which infinities count.</summary>
    public static Tensor IsInf(OnnxNode node)
    {
        Tensor input = node.Input(0);
        bool positive = node.Attributes.Int("detect_positive", 1) != 0, negative = node.Attributes.Int("detect_negative", 1) != 0;
        return (positive, negative) switch
        {
            (true, true) => input.isinf(),
            (true, false) => input.isposinf(),
            (false, true) => input.isneginf(),
            _ => zeros_like(input, dtype: ScalarType.Bool),
        };
    }
}
