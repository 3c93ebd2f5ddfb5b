using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>The activations, variadic, generator and reduction ops that MobileNets, BERT exports and IR-3 ResNets added.</summary>
public class AddedOpsOracleTests
{
    public AddedOpsOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 4];

    [Theory]
    [InlineData(13, "Softplus")]
    [InlineData(13, "Softsign")]
    [InlineData(6, "Selu")]
    [InlineData(6, "Elu")]
    public void UnaryOpMatchesOrt(long opset, string op) => Graphs.AssertOpMatches(Graphs.SingleOp(opset, op, Shape), 60, Shape);

    [Fact]
    public void EluAndSeluAttributesMatchOrt()
    {
        Graphs.AssertOpMatches(Graphs.SingleOp(6, "Elu", Shape, Float("alpha", 0.3f)), 61, Shape);
        Graphs.AssertOpMatches(Graphs.SingleOp(6, "Selu", Shape, Float("alpha", 1.2f), Float("gamma", 0.8f)), 62, Shape);
    }

    // A per-channel slope [3,1] broadcast over [2,3,4], as a PRelu after a convolution has it.
    [Fact]
    public void PReluMatchesOrt() =>
        Graphs.AssertOpMatches(Graphs.SingleOp(9, "PRelu", Shape, ["slope"], b => b.Initializer("slope", [3, 1], Graphs.RandomValues(63, 3, 1))), 64, Shape);

    [Theory]
    [InlineData(8, "Sum")]
    [InlineData(13, "Sum")]
    [InlineData(13, "Mean")]
    [InlineData(13, "Max")]
    [InlineData(13, "Min")]
    public void VariadicOpMatchesOrt(long opset, string op)
    {
        ModelProto model = Graphs.SingleOp(opset, op, Shape, ["a", "b"], b =>
        {
            b.Initializer("a", [3, 4], Graphs.RandomValues(65, 3, 4));
            b.Initializer("b", [4], Graphs.RandomValues(66, 4));
        });
        Graphs.AssertOpMatches(model, 67, Shape);
    }

    [Fact]
    public void SingleInputSumMatchesOrt() => Graphs.AssertOpMatches(Graphs.SingleOp(13, "Sum", Shape), 68, Shape);

    [Fact]
    public void TileMatchesOrt() =>
        Graphs.AssertOpMatches(Graphs.SingleOp(13, "Tile", Shape, ["repeats"], b => b.Int64Initializer("repeats", [3], 1, 2, 3)), 69, Shape);

    // Range's count is ceil((limit − start) / delta); float and int64 sequences, rising and falling.
    [Theory]
    [InlineData(0.5f, 3.7f, 0.4f)]
    [InlineData(3f, -1f, -0.7f)]
    [InlineData(1f, 10f, 3f)]
    public void RangeMatchesOrt(float start, float limit, float delta)
    {
        bool integer = start == MathF.Floor(start) && limit == MathF.Floor(limit) && delta == MathF.Floor(delta);
        var b = new OnnxGraphBuilder("range", 13);
        b.Input("x", 1);
        foreach ((string name, float value) in new[] { ("start", start), ("limit", limit), ("delta", delta) })
        {
            TensorProto scalar = integer ? Int64Tensor(name, [], (long)value) : FloatScalar(name, value);
            b.Node("Constant", [], name, Tensor("value", scalar));
        }
        b.Node("Range", ["start", "limit", "delta"], "sequence");
        b.Node("Cast", ["sequence"], "floats", Int("to", (long)DataType.Float));
        b.Node("Add", ["floats", "x"], "y");
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 70, [1]);
    }

    [Theory]
    [InlineData(13, "ReduceL2", "-1", 1)]
    [InlineData(13, "ReduceL1", "0,2", 0)]
    [InlineData(13, "ReduceProd", "1,2", 1)]
    [InlineData(13, "ReduceMin", "1", 0)]
    [InlineData(13, "ReduceSumSquare", "", 1)]
    [InlineData(13, "ReduceLogSumExp", "0,2", 0)]
    [InlineData(18, "ReduceL2", "0,2", 0)]
    [InlineData(18, "ReduceProd", "-1", 1)]
    [InlineData(18, "ReduceLogSumExp", "1", 1)]
    public void ReductionMatchesOrt(long opset, string op, string axesText, long keepdims)
    {
        long[] axes = axesText.Length == 0 ? [] : axesText.Split(',').Select(long.Parse).ToArray();
        ModelProto model = opset < 18 || axes.Length == 0
            ? Graphs.SingleOp(opset, op, Shape, axes.Length == 0 ? [Int("keepdims", keepdims)] : [Ints("axes", axes), Int("keepdims", keepdims)])
            : Graphs.SingleOp(opset, op, Shape, ["axes"], b => b.Int64Initializer("axes", [axes.Length], axes), Int("keepdims", keepdims));
        Graphs.AssertOpMatches(model, 71, Shape);
    }

    // Of |x|, so that every sum has a logarithm.
    [Theory]
    [InlineData(13, "1,2", 0)]
    [InlineData(18, "-1", 1)]
    public void ReduceLogSumMatchesOrt(long opset, string axesText, long keepdims)
    {
        long[] axes = axesText.Split(',').Select(long.Parse).ToArray();
        var b = new OnnxGraphBuilder("logsum", opset);
        b.Input("x", 2, 3, 4);
        b.Node("Abs", ["x"], "a");
        if (opset >= 18)
        {
            b.Int64Initializer("axes", [axes.Length], axes);
            b.Node("ReduceLogSum", ["a", "axes"], "y", Int("keepdims", keepdims));
        }
        else b.Node("ReduceLogSum", ["a"], "y", Ints("axes", axes), Int("keepdims", keepdims));
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 74, Shape);
    }

    [Theory]
    [InlineData(13, "constant", "0,1,2,0,2,1")]
    [InlineData(13, "constant", "1,-1,0,0,1,2")]
    [InlineData(13, "reflect", "0,2,3,0,1,2")]
    [InlineData(13, "edge", "1,0,2,0,2,1")]
    [InlineData(2, "constant", "0,1,0,1,0,2")]
    [InlineData(2, "reflect", "0,0,2,0,0,1")]
    public void PadMatchesOrt(long opset, string mode, string padsText)
    {
        long[] pads = padsText.Split(',').Select(long.Parse).ToArray();
        ModelProto model = opset < 11
            ? Graphs.SingleOp(opset, "Pad", Shape, String("mode", mode), Ints("pads", pads), Float("value", 0.5f))
            : Graphs.SingleOp(opset, "Pad", Shape, ["pads", mode == "constant" ? "value" : ""], b =>
            {
                b.Int64Initializer("pads", [pads.Length], pads);
                if (mode == "constant") b.Node("Constant", [], "value", Tensor("value", FloatScalar("value", -0.25f)));
            }, String("mode", mode));
        Graphs.AssertOpMatches(model, 72, Shape);
    }

    // Size's int64 count, here added to the input so that the graph's output is float.
    [Fact]
    public void SizeMatchesOrt()
    {
        var b = new OnnxGraphBuilder("size", 13);
        b.Input("x", 2, 3, 4);
        b.Node("Size", ["x"], "count");
        b.Node("Cast", ["count"], "count_float", Int("to", (long)DataType.Float));
        b.Node("Add", ["x", "count_float"], "y");
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 73, Shape);
    }

    static TensorProto FloatScalar(string name, float value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
        tensor.FloatData.Add(value);
        return tensor;
    }
}
