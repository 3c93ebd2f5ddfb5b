using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

public class PoolingOracleTests
{
    public PoolingOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 9, 10];

    static long[] Pads(string pads) => pads.Split(',').Select(long.Parse).ToArray();

    [Theory]
    [InlineData(11, 3, 2, 0, "0,0,0,0")]
    [InlineData(11, 3, 2, 1, "0,0,0,0")]        // ceil_mode keeps the partial last window
    [InlineData(12, 2, 2, 0, "1,0,0,1")]        // asymmetric pads
    [InlineData(21, 3, 1, 1, "1,1,1,1")]
    [InlineData(21, 2, 3, 1, "1,1,1,1")]        // ceil with a window that would start in the padding
    public void MaxPoolMatchesOrt(long opset, long kernel, long stride, long ceil, string pads)
    {
        ModelProto model = Graphs.SingleOp(opset, "MaxPool", Shape,
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Int("ceil_mode", ceil), Ints("pads", Pads(pads)));
        Graphs.AssertOpMatches(model, 10, Shape);
    }

    // Dilation and auto_pad are checked apart: for their combination ORT sizes the padding from the
    // undilated kernel, against the spec's output size ceil(in / stride), which we follow.
    [Fact]
    public void DilatedMaxPoolMatchesOrt()
    {
        ModelProto model = Graphs.SingleOp(13, "MaxPool", Shape,
            Ints("kernel_shape", 2, 3), Ints("strides", 2, 1), Ints("dilations", 2, 2), Ints("pads", 1, 0, 0, 2));
        Graphs.AssertOpMatches(model, 11, Shape);
    }

    [Theory]
    [InlineData("SAME_UPPER")]
    [InlineData("SAME_LOWER")]
    public void MaxPoolAutoPadMatchesOrt(string autoPad)
    {
        ModelProto model = Graphs.SingleOp(13, "MaxPool", Shape, Ints("kernel_shape", 2, 3), Ints("strides", 2, 2), String("auto_pad", autoPad));
        Graphs.AssertOpMatches(model, 15, Shape);
    }

    [Theory]
    [InlineData(11, 0, 0, "1,1,1,1")]
    [InlineData(11, 1, 0, "1,1,1,1")]
    [InlineData(19, 0, 1, "1,1,1,1")]
    [InlineData(19, 1, 1, "1,1,1,1")]
    [InlineData(13, 0, 0, "0,1,1,0")]           // asymmetric pads, padding excluded from the average
    [InlineData(13, 1, 0, "0,1,1,0")]           // asymmetric pads, padding counted
    [InlineData(21, 0, 1, "1,0,2,1")]
    [InlineData(21, 1, 0, "0,0,0,0")]
    public void AveragePoolMatchesOrt(long opset, long countIncludePad, long ceil, string pads)
    {
        ModelProto model = Graphs.SingleOp(opset, "AveragePool", Shape,
            Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Int("ceil_mode", ceil), Int("count_include_pad", countIncludePad), Ints("pads", Pads(pads)));
        Graphs.AssertOpMatches(model, 12, Shape);
    }

    [Theory]
    [InlineData("SAME_LOWER")]
    [InlineData("SAME_UPPER")]
    public void AveragePoolAutoPadMatchesOrt(string autoPad)
    {
        ModelProto model = Graphs.SingleOp(13, "AveragePool", Shape, Ints("kernel_shape", 2, 2), Ints("strides", 2, 2), String("auto_pad", autoPad));
        Graphs.AssertOpMatches(model, 13, Shape);
    }

    [Theory]
    [InlineData("GlobalAveragePool")]
    [InlineData("GlobalMaxPool")]
    public void GlobalPoolsMatchOrt(string op) => Graphs.AssertOpMatches(Graphs.SingleOp(13, op, Shape), 14, Shape);

    [Theory]
    [InlineData(11, 2, 3, 2, 0, "0,0,0,0")]
    [InlineData(11, 1, 2, 2, 0, "1,0,0,1")]
    [InlineData(18, 3, 3, 2, 1, "1,1,1,1")]
    public void LpPoolMatchesOrt(long opset, long p, long kernel, long stride, long ceil, string pads)
    {
        AttributeProto[] attributes = [Int("p", p), Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", Pads(pads))];
        ModelProto model = Graphs.SingleOp(opset, "LpPool", Shape, opset >= 18 ? [.. attributes, Int("ceil_mode", ceil)] : attributes);
        Graphs.AssertOpMatches(model, 14, Shape);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void GlobalLpPoolMatchesOrt(long p) => Graphs.AssertOpMatches(Graphs.SingleOp(2, "GlobalLpPool", Shape, Int("p", p)), 15, Shape);

    // Indices over the whole input: torch's own padding, padding by hand (asymmetric), ceil mode, column-major order.
    [Theory]
    [InlineData(2, 2, 0, "0,0,0,0", 0)]
    [InlineData(3, 2, 0, "1,1,1,1", 0)]
    [InlineData(3, 2, 1, "0,1,2,0", 0)]
    [InlineData(2, 2, 0, "0,0,0,0", 1)]
    public void MaxPoolIndicesMatchOrt(long kernel, long stride, long ceil, string pads, long storageOrder)
    {
        ModelProto model = Graphs.SingleOp(12, "MaxPool", Shape, [], null, [DataType.Float, DataType.Int64],
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Int("ceil_mode", ceil), Ints("pads", Pads(pads)),
            Int("storage_order", storageOrder));
        Graphs.AssertOpMatches(model, 16, Shape);
    }

    // MaxPool's values and indices unpooled: an even map to the computed size, an odd one to its output_shape (the
    // computed size would be a row short).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MaxUnpoolMatchesOrt(bool outputShape)
    {
        long[] shape = outputShape ? [2, 3, 9, 10] : [2, 3, 8, 10];
        var b = new OnnxGraphBuilder("unpool", 11);
        b.Input("x", shape.Cast<object>().ToArray());
        b.Node("MaxPool", ["x"], ["pooled", "indices"], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        if (outputShape) b.Int64Initializer("shape", [4], shape);
        b.Node("MaxUnpool", outputShape ? ["pooled", "indices", "shape"] : ["pooled", "indices"], "y", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 17, shape);
    }
}
