using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>Ops that find or pick positions; their indices must come back as int64, as ONNX Runtime's do.</summary>
public class IndexingOracleTests
{
    public IndexingOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 4];

    // Whole-number inputs tie often, so select_last_index matters.
    [Theory]
    [InlineData("ArgMax", 0, 1, 0)]
    [InlineData("ArgMax", -1, 0, 0)]
    [InlineData("ArgMax", 1, 1, 1)]
    [InlineData("ArgMin", 2, 0, 1)]
    [InlineData("ArgMin", 1, 1, 0)]
    public void ArgExtremeMatchesOrt(string op, long axis, long keepdims, long selectLast)
    {
        ModelProto model = Graphs.SingleOp(13, op, Shape, [], null, [DataType.Int64],
            Int("axis", axis), Int("keepdims", keepdims), Int("select_last_index", selectLast));
        using Tensor random = Graphs.Random(90, Shape);
        using Tensor x = random.mul(1.2).round();
        OrtOracle.AssertMatches(model, ("x", x));
    }

    [Theory]
    [InlineData(11, 2, -1, 1)]
    [InlineData(11, 3, 1, 0)]
    [InlineData(11, 1, 0, 1)]
    [InlineData(9, 2, -1, 1)]     // k an attribute, always largest
    public void TopKMatchesOrt(long opset, long k, long axis, long largest)
    {
        ModelProto model = opset >= 10
            ? Graphs.SingleOp(opset, "TopK", Shape, ["k"], b => b.Int64Initializer("k", [1], k), [DataType.Float, DataType.Int64],
                Int("axis", axis), Int("largest", largest), Int("sorted", 1))
            : Graphs.SingleOp(opset, "TopK", Shape, [], null, [DataType.Float, DataType.Int64], Int("axis", axis), Int("k", k));
        Graphs.AssertOpMatches(model, 91, Shape);
    }

    [Fact]
    public void NonZeroMatchesOrt()
    {
        using Tensor random = Graphs.Random(92, Shape);
        using Tensor x = random.mul(0.8).round();
        OrtOracle.AssertMatches(Graphs.SingleOp(13, "NonZero", Shape, [], null, [DataType.Int64]), ("x", x));
    }

    [Theory]
    [InlineData(0, new long[] { 1, 0, -1, 0, 1, -2, 0, 1 }, new long[] { 2, 1, 4 })]
    [InlineData(1, new long[] { 2, 0, -1, 1, 0, 0 }, new long[] { 2, 1, 3 })]
    [InlineData(-1, new long[] { 3, 0, -4, 1, 2, 2, 0, 1, 3, 3, 1, 0 }, new long[] { 2, 3, 2 })]
    public void GatherElementsMatchesOrt(long axis, long[] indices, long[] indicesShape)
    {
        ModelProto model = Graphs.SingleOp(13, "GatherElements", Shape, ["i"], b => b.Int64Initializer("i", indicesShape, indices), Int("axis", axis));
        Graphs.AssertOpMatches(model, 93, Shape);
    }

    // Tuples of one and two coordinates, with and without a shared batch axis.
    [Theory]
    [InlineData(0, new long[] { 1, 0, -1 }, new long[] { 3, 1 })]
    [InlineData(0, new long[] { 1, 2, 0, -1 }, new long[] { 2, 2 })]
    [InlineData(0, new long[] { 1, 2, 3, 0, 0, 0 }, new long[] { 2, 3 })]
    [InlineData(1, new long[] { 2, 0, 1, 1 }, new long[] { 2, 2, 1 })]
    [InlineData(1, new long[] { 2, 3, 0, -1 }, new long[] { 2, 1, 2 })]
    public void GatherNDMatchesOrt(long batchDims, long[] indices, long[] indicesShape)
    {
        ModelProto model = Graphs.SingleOp(13, "GatherND", Shape, ["i"], b => b.Int64Initializer("i", indicesShape, indices), Int("batch_dims", batchDims));
        Graphs.AssertOpMatches(model, 94, Shape);
    }

    // Negative indices wrap; 5 and -6 lie outside [-depth, depth) and give a row of "off" values.
    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void OneHotMatchesOrt(long axis)
    {
        ModelProto model = Graphs.WithInputType(
            Graphs.SingleOp(11, "OneHot", [2, 3], ["depth", "values"], b =>
            {
                b.Int64Initializer("depth", [], 5);
                b.Initializer("values", [2], [-0.5f, 2f]);
            }, [DataType.Float], Int("axis", axis)),
            "x", DataType.Int64);
        using Tensor x = tensor(new long[] { 0, 4, -1, 2, 5, -6 }, [2, 3]);
        OrtOracle.AssertMatches(model, ("x", x));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void HardmaxMatchesOrt(long opset)
    {
        Graphs.AssertOpMatches(Graphs.SingleOp(opset, "Hardmax", Shape), 95, Shape);
        Graphs.AssertOpMatches(Graphs.SingleOp(opset, "Hardmax", Shape, Int("axis", 1)), 96, Shape);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-1, null)]
    [InlineData(2, DataType.Int64)]
    public void EyeLikeMatchesOrt(long k, DataType? type)
    {
        AttributeProto[] attributes = type is DataType t ? [Int("k", k), Int("dtype", (long)t)] : [Int("k", k)];
        Graphs.AssertOpMatches(Graphs.SingleOp(9, "EyeLike", [3, 5], [], null, [type ?? DataType.Float], attributes), 97, [3, 5]);
    }

    // Float to int64 truncates toward zero; int64 back to float.
    [Fact]
    public void CastLikeMatchesOrt()
    {
        Graphs.AssertOpMatches(Graphs.SingleOp(15, "CastLike", Shape, ["like"], b => b.Int64Initializer("like", [1], 0), [DataType.Int64]), 98, Shape);
        ModelProto back = Graphs.WithInputType(Graphs.SingleOp(15, "CastLike", [4], ["like"], b => b.Initializer("like", [1], [0f]), [DataType.Float]), "x", DataType.Int64);
        using Tensor x = tensor(new long[] { -3, 0, 7, 1L << 40 });
        OrtOracle.AssertMatches(back, ("x", x));
    }

    // Along an axis (the condition as long as it, or shorter) and over the flattened input without an axis.
    [Theory]
    [InlineData(1L, new[] { true, false, true })]
    [InlineData(-1L, new[] { false, true, true })]
    [InlineData(null, new[] { true, false, false, true, true })]
    public void CompressMatchesOrt(long? axis, bool[] condition)
    {
        var flags = new TensorProto { Name = "flags", DataType = (int)DataType.Bool };
        flags.Dims.Add(condition.Length);
        flags.Int32Data.AddRange(condition.Select(c => c ? 1 : 0));
        var b = new OnnxGraphBuilder("compress", 11);
        b.Input("x", 2, 3, 4);
        b.Node("Constant", [], "condition", Tensor("value", flags));
        b.Node("Compress", ["x", "condition"], "y", axis is long a ? [Int("axis", a)] : []);
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 99, Shape);
    }

    [Theory]
    [InlineData(0, 1, new long[] { 4, 3, 2 }, new long[] { 4, 1, 2 })]
    [InlineData(1, 0, new long[] { 3, 4, 2 }, new long[] { 2, 4, 3 })]
    public void ReverseSequenceMatchesOrt(long timeAxis, long batchAxis, long[] shape, long[] lengths)
    {
        ModelProto model = Graphs.SingleOp(10, "ReverseSequence", shape, ["lengths"], b => b.Int64Initializer("lengths", [lengths.Length], lengths),
            Int("time_axis", timeAxis), Int("batch_axis", batchAxis));
        Graphs.AssertOpMatches(model, 100, shape);
    }

    // Whole numbers repeat, so every output (first indices, inverse positions, counts) matters; sorted and in first-seen order.
    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void UniqueMatchesOrt(long sorted)
    {
        ModelProto model = Graphs.SingleOp(11, "Unique", Shape, [], null, [DataType.Float, DataType.Int64, DataType.Int64, DataType.Int64], Int("sorted", sorted));
        using Tensor random = Graphs.Random(101, Shape);
        using Tensor x = random.mul(1.5).round();
        OrtOracle.AssertMatches(model, ("x", x));
    }
}
