using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;

namespace Quantize.Torch.Tests.Onnx.Oracle;

public class ReductionOracleTests
{
    public ReductionOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 4];

    // Opset 13 takes axes as an attribute, opset 18 as an input.
    [Theory]
    [InlineData(13, "-1", 1)]
    [InlineData(13, "0,2", 0)]
    [InlineData(13, "", 1)]
    [InlineData(18, "-1", 1)]
    [InlineData(18, "0,2", 0)]
    [InlineData(18, "", 0)]
    public void ReduceMeanMatchesOrt(long opset, string axesText, long keepdims)
    {
        long[] axes = axesText.Length == 0 ? [] : axesText.Split(',').Select(long.Parse).ToArray();
        ModelProto model = opset < 18 || axes.Length == 0
            ? Graphs.SingleOp(opset, "ReduceMean", Shape, axes.Length == 0 ? [Int("keepdims", keepdims)] : [Ints("axes", axes), Int("keepdims", keepdims)])
            : Graphs.SingleOp(opset, "ReduceMean", Shape, ["axes"], b => b.Int64Initializer("axes", [axes.Length], axes), Int("keepdims", keepdims));
        Graphs.AssertOpMatches(model, 50, Shape);
    }

    // Opset 11 flattens to 2-D at axis and normalises the whole trailing block; opset 13 one axis only.
    [Theory]
    [InlineData(11, 1)]
    [InlineData(11, -1)]
    [InlineData(13, 1)]
    [InlineData(13, -1)]
    public void SoftmaxMatchesOrt(long opset, long axis) =>
        Graphs.AssertOpMatches(Graphs.SingleOp(opset, "Softmax", Shape, Int("axis", axis)), 51, Shape);

    [Fact]
    public void SoftmaxDefaultAxisChangesAtOpset13()
    {
        Graphs.AssertOpMatches(Graphs.SingleOp(11, "Softmax", Shape), 52, Shape);
        Graphs.AssertOpMatches(Graphs.SingleOp(13, "Softmax", Shape), 52, Shape);
    }

    [Theory]
    [InlineData(13, "ReduceSum")]
    [InlineData(18, "ReduceMax")]
    [InlineData(13, "LogSoftmax")]
    public void OtherReductionsMatchOrt(long opset, string op)
    {
        ModelProto model = op == "LogSoftmax"
            ? Graphs.SingleOp(opset, op, Shape)
            : Graphs.SingleOp(opset, op, Shape, ["axes"], b => b.Int64Initializer("axes", [1], 1));
        Graphs.AssertOpMatches(model, 53, Shape);
    }
}
