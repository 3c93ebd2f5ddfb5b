using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

public class ShapeOracleTests
{
    public ShapeOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 4];

    [Theory]
    [InlineData(13, 0, "0,-1")]
    [InlineData(14, 0, "-1,2,2")]
    [InlineData(14, 1, "4,6")]
    [InlineData(21, 0, "2,0,2,2")]
    public void ReshapeMatchesOrt(long opset, long allowZero, string shape)
    {
        long[] target = shape.Split(',').Select(long.Parse).ToArray();
        ModelProto model = Graphs.SingleOp(opset, "Reshape", Shape, ["shape"], b => b.Int64Initializer("shape", [target.Length], target),
            opset >= 14 ? [Int("allowzero", allowZero)] : []);
        Graphs.AssertOpMatches(model, 60, Shape);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,0,2")]
    [InlineData("2,0,1")]
    public void TransposeMatchesOrt(string perm) =>
        Graphs.AssertOpMatches(Graphs.SingleOp(13, "Transpose", Shape,
            perm.Length == 0 ? [] : [Ints("perm", perm.Split(',').Select(long.Parse).ToArray())]), 61, Shape);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    [InlineData(3)]
    public void FlattenMatchesOrt(long axis) => Graphs.AssertOpMatches(Graphs.SingleOp(13, "Flatten", Shape, Int("axis", axis)), 62, Shape);

    // Axes are an attribute before opset 13 and an input from 13 on.
    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(21)]
    public void UnsqueezeThenSqueezeMatchesOrt(long opset)
    {
        var builder = new OnnxGraphBuilder("squeeze", opset);
        builder.Input("x", 2, 3, 4);
        if (opset < 13)
        {
            builder.Node("Unsqueeze", ["x"], "u", Ints("axes", 0, -1, 3));
            builder.Node("Squeeze", ["u"], "s", Ints("axes", -1));
            builder.Node("Squeeze", ["u"], "all");
        }
        else
        {
            builder.Int64Initializer("uaxes", [3], 0, -1, 3);
            builder.Int64Initializer("saxes", [1], -1);
            builder.Node("Unsqueeze", ["x", "uaxes"], "u");
            builder.Node("Squeeze", ["u", "saxes"], "s");
            builder.Node("Squeeze", ["u"], "all");
        }
        builder.Output("u", DataType.Float);
        builder.Output("s", DataType.Float);
        builder.Output("all", DataType.Float);
        Graphs.AssertOpMatches(builder.ToModel("test"), 63, Shape);
    }

    // Opset 15 added start and end.
    [Theory]
    [InlineData(13, 0, 0)]
    [InlineData(15, 1, 3)]
    [InlineData(15, -2, 100)]
    [InlineData(21, 0, -1)]
    public void ShapeMatchesOrt(long opset, long start, long end)
    {
        var builder = new OnnxGraphBuilder("shape", opset);
        builder.Input("x", 2, 3, 4);
        builder.Node("Shape", ["x"], "y", opset >= 15 ? [Int("start", start), Int("end", end)] : []);
        builder.Output("y", DataType.Int64);
        Graphs.AssertOpMatches(builder.ToModel("test"), 64, Shape);
    }

    [Theory]
    [InlineData("3,1,4")]
    [InlineData("2,1,1,1")]
    [InlineData("5,2,3,4")]
    public void ExpandBroadcastsBothWaysLikeOrt(string shape)
    {
        long[] target = shape.Split(',').Select(long.Parse).ToArray();
        ModelProto model = Graphs.SingleOp(13, "Expand", [1, 3, 1], ["shape"], b => b.Int64Initializer("shape", [target.Length], target));
        Graphs.AssertOpMatches(model, 65, [1, 3, 1]);
    }

    /// <summary>The shape arithmetic exporters emit: Shape, Gather, integer Div, Unsqueeze, Concat, Reshape, ConstantOfShape, Cast.</summary>
    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(18)]
    public void DynamicShapeArithmeticMatchesOrt(long opset)
    {
        var builder = new OnnxGraphBuilder("shape-arith", opset);
        builder.Input("x", 2, 3, 4);
        builder.Int64Initializer("one", [], 1);
        builder.Int64Initializer("two", [], 2);
        builder.Int64Initializer("zero_axis", [1], 0);
        builder.Node("Shape", ["x"], "shape");
        builder.Node("Gather", ["shape", "two"], "last", Int("axis", 0));
        builder.Node("Div", ["last", "two"], "half");
        builder.Node("Gather", ["shape", "one"], "middle", Int("axis", 0));
        if (opset < 13)
        {
            builder.Node("Unsqueeze", ["half"], "half1", Ints("axes", 0));
            builder.Node("Unsqueeze", ["middle"], "middle1", Ints("axes", 0));
        }
        else
        {
            builder.Node("Unsqueeze", ["half", "zero_axis"], "half1");
            builder.Node("Unsqueeze", ["middle", "zero_axis"], "middle1");
        }
        builder.Node("Constant", [], "minus_one", Tensor("value", Int64Tensor("", [1], -1)));
        builder.Node("Concat", ["minus_one", "middle1", "half1"], "target", Int("axis", 0));
        builder.Node("Reshape", ["x", "target"], "reshaped");
        builder.Node("Abs", ["target"], "target_positive");
        builder.Node("ConstantOfShape", ["target_positive"], "filled", Tensor("value", FloatTensor(2.5f)));
        // Casting to int64 truncates toward zero; casting back shows it.
        builder.Node("Cast", ["reshaped"], "as_int", Int("to", (long)DataType.Int64));
        builder.Node("Cast", ["as_int"], "truncated", Int("to", (long)DataType.Float));
        builder.Output("reshaped", DataType.Float);
        builder.Output("filled", DataType.Float);
        builder.Output("truncated", DataType.Float);
        builder.Output("target", DataType.Int64);
        Graphs.AssertOpMatches(builder.ToModel("test"), 66, Shape);
    }

    static TensorProto FloatTensor(float value)
    {
        var tensor = new TensorProto { DataType = (int)DataType.Float };
        tensor.Dims.Add(1);
        tensor.FloatData.Add(value);
        return tensor;
    }
}
