using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;

namespace Quantize.Torch.Tests.Onnx.Oracle;

public class ConvolutionOracleTests
{
    public ConvolutionOracleTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(11, 1, 1, 1, "1,1,1,1")]        // plain 3x3, same-size padding
    [InlineData(21, 2, 2, 1, "0,0,0,0")]        // groups, stride
    [InlineData(13, 1, 1, 2, "2,2,2,2")]        // dilation
    [InlineData(13, 4, 1, 1, "0,1,2,0")]        // depthwise, asymmetric pads
    [InlineData(18, 1, 3, 2, "1,0,0,2")]        // stride 3 with dilation and asymmetric pads
    public void Conv2DMatchesOrt(long opset, long group, long stride, long dilation, string pads)
    {
        ModelProto model = Graphs.SingleOp(opset, "Conv", [2, 4, 9, 8], ["w", "b"], b =>
            {
                b.Initializer("w", [8, 4 / group, 3, 3], Graphs.RandomValues(1, 8, 4 / group, 3, 3));
                b.Initializer("b", [8], Graphs.RandomValues(2, 8));
            },
            Int("group", group), Ints("strides", stride, stride), Ints("dilations", dilation, dilation),
            Ints("pads", pads.Split(',').Select(long.Parse).ToArray()), Ints("kernel_shape", 3, 3));
        Graphs.AssertOpMatches(model, 3, [2, 4, 9, 8]);
    }

    [Theory]
    [InlineData("SAME_UPPER", 1)]
    [InlineData("SAME_UPPER", 2)]
    [InlineData("SAME_LOWER", 2)]
    [InlineData("VALID", 2)]
    public void ConvAutoPadMatchesOrt(string autoPad, long stride)
    {
        // A 4x4 kernel over 9x8 leaves odd padding totals, so UPPER and LOWER differ.
        ModelProto model = Graphs.SingleOp(13, "Conv", [1, 2, 9, 8], ["w"], b => b.Initializer("w", [3, 2, 4, 4], Graphs.RandomValues(4, 3, 2, 4, 4)),
            String("auto_pad", autoPad), Ints("strides", stride, stride));
        Graphs.AssertOpMatches(model, 5, [1, 2, 9, 8]);
    }

    [Fact]
    public void Conv1DMatchesOrt()
    {
        ModelProto model = Graphs.SingleOp(17, "Conv", [2, 3, 11], ["w", "b"], b =>
            {
                b.Initializer("w", [5, 3, 3], Graphs.RandomValues(6, 5, 3, 3));
                b.Initializer("b", [5], Graphs.RandomValues(7, 5));
            },
            Ints("pads", 2, 1), Ints("strides", 2));
        Graphs.AssertOpMatches(model, 8, [2, 3, 11]);
    }
}
