using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

public class JoiningOracleTests
{
    public JoiningOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 6, 5];

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ConcatMatchesOrt(long axis)
    {
        ModelProto model = Graphs.SingleOp(13, "Concat", Shape, ["c", "x"], b => b.Initializer("c", [2, 6, 5], Graphs.RandomValues(70, 2, 6, 5)), Int("axis", axis));
        Graphs.AssertOpMatches(model, 71, Shape);
    }

    // Sizes: attribute before opset 13, input from 13; opset 18's num_outputs allows an uneven last part.
    [Theory]
    [InlineData(11, "1,2,3", 0, 1)]
    [InlineData(11, "", 0, 1)]
    [InlineData(13, "2,4", 0, 1)]
    [InlineData(13, "", 0, -2)]
    [InlineData(18, "", 2, 1)]
    [InlineData(18, "", 3, 2)]        // 5 in 3 parts: 2, 2, 1
    public void SplitMatchesOrt(long opset, string sizesText, long numOutputs, long axis)
    {
        long[] sizes = sizesText.Length == 0 ? [] : sizesText.Split(',').Select(long.Parse).ToArray();
        int outputs = sizes.Length > 0 ? sizes.Length : numOutputs > 0 ? (int)numOutputs : 3;
        string[] names = Enumerable.Range(0, outputs).Select(i => $"y{i}").ToArray();
        var builder = new OnnxGraphBuilder("split", opset);
        builder.Input("x", 2, 6, 5);
        var attributes = new List<AttributeProto> { Int("axis", axis) };
        string[] inputs = ["x"];
        if (sizes.Length > 0 && opset < 13) attributes.Add(Ints("split", sizes));
        if (sizes.Length > 0 && opset >= 13)
        {
            builder.Int64Initializer("sizes", [sizes.Length], sizes);
            inputs = ["x", "sizes"];
        }
        if (numOutputs > 0) attributes.Add(Int("num_outputs", numOutputs));
        builder.Node("Split", inputs, names, [.. attributes]);
        // Each part goes through an op, so that values (not just graph outputs) carry every output.
        foreach (string name in names)
        {
            builder.Node("Neg", [name], name + "_neg");
            builder.Output(name + "_neg", DataType.Float);
        }
        Graphs.AssertOpMatches(builder.ToModel("test"), 72, Shape);
    }

    [Theory]
    [InlineData("0", "2", "1", "1")]
    [InlineData("1,-4", "100,-1", "2,1", "1,2")]
    [InlineData("-1", "-100", "-1", "-2")]                          // negative step runs backwards to the start
    [InlineData("4,3", "0,-9223372036854775808", "-2,-1", "1,-1")]   // INT64_MIN end: to the edge
    [InlineData("1", "9223372036854775807", "3", "")]                 // default steps
    public void SliceMatchesOrt(string starts, string ends, string steps, string axes)
    {
        static long[] Parse(string text) => text.Length == 0 ? [] : text.Split(',').Select(long.Parse).ToArray();
        long[] s = Parse(starts), e = Parse(ends), st = Parse(steps), ax = Parse(axes);
        ModelProto model = Graphs.SingleOp(13, "Slice", Shape, ax.Length == 0 ? ["starts", "ends"] : ["starts", "ends", "axes", "steps"], b =>
        {
            b.Int64Initializer("starts", [s.Length], s);
            b.Int64Initializer("ends", [e.Length], e);
            if (ax.Length > 0) b.Int64Initializer("axes", [ax.Length], ax);
            if (ax.Length > 0) b.Int64Initializer("steps", [st.Length], st);
        });
        Graphs.AssertOpMatches(model, 73, Shape);
    }

    [Theory]
    [InlineData(0, new long[] { 1, 0 }, new long[] { 2 })]
    [InlineData(1, new long[] { -1, 0, 2, 3 }, new long[] { 2, 2 })]
    [InlineData(2, new long[] { 4 }, new long[] { })]                   // scalar index drops the axis
    public void GatherMatchesOrt(long axis, long[] indices, long[] indicesShape)
    {
        ModelProto model = Graphs.SingleOp(13, "Gather", Shape, ["i"], b => b.Int64Initializer("i", indicesShape, indices), Int("axis", axis));
        Graphs.AssertOpMatches(model, 74, Shape);
    }
}
