using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>The pointwise maths, logic and activations that positional encodings, detection grids and newer activations use.</summary>
public class MathOracleTests
{
    public MathOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 4];

    [Theory]
    [InlineData(7, "Sin")]
    [InlineData(7, "Cos")]
    [InlineData(7, "Tan")]
    [InlineData(7, "Atan")]
    [InlineData(9, "Sinh")]
    [InlineData(9, "Cosh")]
    [InlineData(9, "Asinh")]
    [InlineData(13, "Floor")]
    [InlineData(13, "Ceil")]
    [InlineData(13, "Sign")]
    [InlineData(12, "Celu")]
    [InlineData(18, "Mish")]
    [InlineData(10, "ThresholdedRelu")]
    [InlineData(9, "Shrink")]
    public void UnaryOpMatchesOrt(long opset, string op) => Graphs.AssertOpMatches(Graphs.SingleOp(opset, op, Shape), 80, Shape);

    // Inputs inside each function's domain: (-0.9, 0.9) for the inverse sine, cosine and tanh, [1, ∞) for acosh.
    [Theory]
    [InlineData("Asin")]
    [InlineData("Acos")]
    [InlineData("Atanh")]
    [InlineData("Acosh")]
    public void InverseFunctionMatchesOrt(string op)
    {
        using Tensor random = Graphs.Random(86, Shape);
        using Tensor x = op == "Acosh" ? random.abs().add(1) : random.tanh().mul(0.9);
        OrtOracle.AssertMatches(Graphs.SingleOp(9, op, Shape), ("x", x));
    }

    [Fact]
    public void ActivationAttributesMatchOrt()
    {
        Graphs.AssertOpMatches(Graphs.SingleOp(12, "Celu", Shape, Float("alpha", 0.4f)), 81, Shape);
        Graphs.AssertOpMatches(Graphs.SingleOp(10, "ThresholdedRelu", Shape, Float("alpha", -0.3f)), 82, Shape);
        Graphs.AssertOpMatches(Graphs.SingleOp(9, "Shrink", Shape, Float("lambd", 0.8f), Float("bias", 0.25f)), 83, Shape);
    }

    // Experimental ops of opsets 1-9 (old CoreML and Caffe conversions), which ONNX Runtime still runs at opset 8.
    [Theory]
    [InlineData("Affine")]
    [InlineData("Scale")]
    [InlineData("ScaledTanh")]
    [InlineData("ParametricSoftplus")]
    public void ExperimentalOpMatchesOrt(string op)
    {
        AttributeProto[] attributes = op == "Scale" ? [Float("scale", -1.7f)] : [Float("alpha", 0.6f), Float("beta", 1.9f)];
        Graphs.AssertOpMatches(Graphs.SingleOp(8, op, Shape, attributes), 87, Shape);
    }

    // Halves round to even (0.5 -> 0, 1.5 -> 2, -2.5 -> -2), unlike Math.Round's away-from-zero option.
    [Fact]
    public void RoundHalvesToEvenLikeOrt()
    {
        using Tensor x = tensor(new float[] { 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 0.49f, 2.51f, -3.7f, 7f }, [2, 5]);
        OrtOracle.AssertMatches(Graphs.SingleOp(11, "Round", [2, 5]), ("x", x));
    }

    [Fact]
    public void FloatModMatchesOrt()
    {
        ModelProto model = Graphs.SingleOp(13, "Mod", Shape, ["d"], b => b.Initializer("d", [4], [0.7f, -0.7f, 1.3f, -0.4f]), Int("fmod", 1));
        Graphs.AssertOpMatches(model, 84, Shape);
    }

    // Integer Mod: fmod = 0 takes the divisor's sign (-7 mod 3 = 2), fmod = 1 the dividend's (-7 fmod 3 = -1).
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void IntegerModMatchesOrt(long fmod)
    {
        ModelProto model = Graphs.WithInputType(
            Graphs.SingleOp(13, "Mod", [2, 4], ["d"], b => b.Int64Initializer("d", [4], 3, -3, 5, -2), [DataType.Int64], Int("fmod", fmod)),
            "x", DataType.Int64);
        using Tensor x = tensor(new long[] { -7, 7, -7, 7, 0, 11, -12, 9 }, [2, 4]);
        OrtOracle.AssertMatches(model, ("x", x));
    }

    [Theory]
    [InlineData("IsNaN", 1, 1)]
    [InlineData("IsInf", 1, 1)]
    [InlineData("IsInf", 0, 1)]
    [InlineData("IsInf", 1, 0)]
    public void NanAndInfinityTestsMatchOrt(string op, long positive, long negative)
    {
        AttributeProto[] attributes = op == "IsInf" ? [Int("detect_positive", positive), Int("detect_negative", negative)] : [];
        using Tensor x = tensor(new float[] { 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 3e38f }, [2, 3]);
        OrtOracle.AssertMatches(Graphs.SingleOp(20, op, [2, 3], [], null, [DataType.Bool], attributes), ("x", x));
    }

    // Two masks made from x (x > 0, x < 0.5) combined into a bool output.
    [Theory]
    [InlineData("And")]
    [InlineData("Or")]
    [InlineData("Xor")]
    public void LogicOpMatchesOrt(string op)
    {
        var b = new OnnxGraphBuilder("logic", 13);
        b.Input("x", 2, 3, 4);
        b.Initializer("zero", [], [0f]);
        b.Initializer("half", [], [0.5f]);
        b.Node("Greater", ["x", "zero"], "positive");
        b.Node("Less", ["x", "half"], "small");
        b.Node(op, ["positive", "small"], "y");
        b.Output("y", DataType.Bool);
        Graphs.AssertOpMatches(b.ToModel("test"), 85, Shape);
    }

    // Whole numbers against whole numbers, so that equality (where the inclusive comparisons differ) happens.
    [Theory]
    [InlineData("GreaterOrEqual")]
    [InlineData("LessOrEqual")]
    public void InclusiveComparisonMatchesOrt(string op)
    {
        ModelProto model = Graphs.SingleOp(16, op, [2, 4], ["c"], b => b.Initializer("c", [4], [0f, 1f, -1f, 2f]), [DataType.Bool]);
        using Tensor x = tensor(new float[] { 0f, 2f, -1f, 2f, 1f, 1f, -2f, 3f }, [2, 4]);
        OrtOracle.AssertMatches(model, ("x", x));
    }

    [Theory]
    [InlineData("BitwiseAnd")]
    [InlineData("BitwiseOr")]
    [InlineData("BitwiseXor")]
    [InlineData("BitwiseNot")]
    public void BitwiseOpMatchesOrt(string op)
    {
        ModelProto model = op == "BitwiseNot"
            ? Graphs.SingleOp(18, op, [2, 4], [], null, [DataType.Int64])
            : Graphs.SingleOp(18, op, [2, 4], ["c"], b => b.Int64Initializer("c", [4], 12, -1, 5, 0), [DataType.Int64]);
        using Tensor x = tensor(new long[] { 10, 7, -8, 3, 255, 0, 1L << 40, -1 }, [2, 4]);
        OrtOracle.AssertMatches(Graphs.WithInputType(model, "x", DataType.Int64), ("x", x));
    }
}
