using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

public class ElementwiseOracleTests
{
    public ElementwiseOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 4];

    [Theory]
    [InlineData(11, "Relu")]
    [InlineData(13, "Sigmoid")]
    [InlineData(13, "Tanh")]
    [InlineData(13, "Erf")]
    [InlineData(14, "HardSwish")]
    [InlineData(13, "Neg")]
    [InlineData(13, "Abs")]
    [InlineData(13, "Exp")]
    public void UnaryOpMatchesOrt(long opset, string op) => Graphs.AssertOpMatches(Graphs.SingleOp(opset, op, Shape), 20, Shape);

    [Theory]
    [InlineData(11, 0.01f)]
    [InlineData(16, 0.3f)]
    public void LeakyReluMatchesOrt(long opset, float alpha) =>
        Graphs.AssertOpMatches(Graphs.SingleOp(opset, "LeakyRelu", Shape, Float("alpha", alpha)), 21, Shape);

    [Theory]
    [InlineData("none")]
    [InlineData("tanh")]
    public void GeluMatchesOrt(string approximate) =>
        Graphs.AssertOpMatches(Graphs.SingleOp(20, "Gelu", Shape, String("approximate", approximate)), 22, Shape);

    [Fact]
    public void SqrtMatchesOrt()
    {
        var builder = new OnnxGraphBuilder("sqrt", 13);
        builder.Input("x", 2, 3, 4);
        builder.Node("Abs", ["x"], "a");
        builder.Node("Sqrt", ["a"], "y");
        builder.Output("y", DataType.Float);
        Graphs.AssertOpMatches(builder.ToModel("test"), 23, Shape);
    }

    // Before opset 11 the bounds were attributes; from 11 on they are optional inputs ("" skips one).
    [Fact]
    public void ClipWithAttributesMatchesOrt() =>
        Graphs.AssertOpMatches(Graphs.SingleOp(10, "Clip", Shape, Float("min", -0.5f), Float("max", 0.7f)), 24, Shape);

    [Theory]
    [InlineData(11, true, true)]
    [InlineData(13, true, false)]
    [InlineData(13, false, true)]
    [InlineData(21, false, false)]
    public void ClipWithInputsMatchesOrt(long opset, bool min, bool max)
    {
        ModelProto model = Graphs.SingleOp(opset, "Clip", Shape, [min ? "lo" : "", max ? "hi" : ""], b =>
        {
            if (min) b.Initializer("lo", [], [-0.5f]);
            if (max) b.Initializer("hi", [], [0.7f]);
        });
        Graphs.AssertOpMatches(model, 25, Shape);
    }

    [Theory]
    [InlineData("Add", new long[] { 4 })]
    [InlineData("Sub", new long[] { 3, 1 })]
    [InlineData("Mul", new long[] { 2, 1, 4 })]
    [InlineData("Div", new long[] { 1, 3, 4 })]
    [InlineData("Add", new long[] { })]
    public void BroadcastingArithmeticMatchesOrt(string op, long[] otherShape)
    {
        ModelProto model = Graphs.SingleOp(13, op, Shape, ["c"], b => b.Initializer("c", otherShape, Graphs.RandomValues(26, otherShape)));
        Graphs.AssertOpMatches(model, 27, Shape);
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(3f)]
    [InlineData(0.5f)]
    public void PowMatchesOrt(float exponent)
    {
        var builder = new OnnxGraphBuilder("pow", 15);
        builder.Input("x", 2, 3, 4);
        builder.Initializer("e", [], [exponent]);
        builder.Node("Abs", ["x"], "a");
        builder.Node("Pow", ["a", "e"], "y");
        builder.Output("y", DataType.Float);
        Graphs.AssertOpMatches(builder.ToModel("test"), 28, Shape);
    }

    [Fact]
    public void WhereOnAComparisonMatchesOrt()
    {
        var builder = new OnnxGraphBuilder("where", 16);
        builder.Input("x", 2, 3, 4);
        builder.Initializer("zero", [], [0f]);
        builder.Initializer("other", [4], [1, 2, 3, 4]);
        builder.Node("Greater", ["x", "zero"], "positive");
        builder.Node("Where", ["positive", "x", "other"], "y");
        builder.Output("y", DataType.Float);
        Graphs.AssertOpMatches(builder.ToModel("test"), 29, Shape);
    }

    [Fact]
    public void MatMulBroadcastsBatchesLikeOrt()
    {
        ModelProto model = Graphs.SingleOp(13, "MatMul", [2, 3, 5, 4], ["w"], b => b.Initializer("w", [3, 4, 6], Graphs.RandomValues(30, 3, 4, 6)));
        Graphs.AssertOpMatches(model, 31, [2, 3, 5, 4]);
    }

    [Theory]
    [InlineData(0, 0, 1f, 1f)]
    [InlineData(1, 0, 0.5f, 2f)]
    [InlineData(0, 1, 1.5f, 0f)]
    public void GemmMatchesOrt(long transA, long transB, float alpha, float beta)
    {
        long[] a = transA == 0 ? [3, 4] : [4, 3], b = transB == 0 ? [4, 5] : [5, 4];
        ModelProto model = Graphs.SingleOp(13, "Gemm", a, ["b", "c"], g =>
            {
                g.Initializer("b", b, Graphs.RandomValues(32, b));
                g.Initializer("c", [5], Graphs.RandomValues(33, 5));
            },
            Int("transA", transA), Int("transB", transB), Float("alpha", alpha), Float("beta", beta));
        Graphs.AssertOpMatches(model, 34, a);
    }
}
