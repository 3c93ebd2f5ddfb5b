using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>ConvTranspose against ONNX Runtime: strides, asymmetric pads, output_padding, dilations and groups, 1-D and 2-D.</summary>
public class TransposedConvolutionOracleTests
{
    public TransposedConvolutionOracleTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(1, 1, "0,0,0,0", "0,0", 1, true)]
    [InlineData(2, 1, "0,0,0,0", "0,0", 1, true)]
    [InlineData(2, 1, "1,1,1,1", "1,1", 1, false)]
    [InlineData(2, 1, "1,0,0,2", "1,0", 1, true)]
    [InlineData(3, 2, "1,2,2,1", "2,1", 1, true)]
    [InlineData(2, 1, "0,0,0,0", "0,0", 2, true)]
    [InlineData(2, 2, "1,1,0,0", "1,0", 4, true)]
    public void ConvTranspose2DMatchesOrt(long stride, long dilation, string padsText, string outputPaddingText, long group, bool bias)
    {
        long[] pads = padsText.Split(',').Select(long.Parse).ToArray();
        long[] outputPadding = outputPaddingText.Split(',').Select(long.Parse).ToArray();
        long[] shape = [2, 4, 5, 6];
        const long outputChannels = 8;
        ModelProto model = Graphs.SingleOp(13, "ConvTranspose", shape, bias ? ["w", "b"] : ["w"], b =>
        {
            b.Initializer("w", [4, outputChannels / group, 3, 2], Graphs.RandomValues(90, 4, outputChannels / group, 3, 2));
            if (bias) b.Initializer("b", [outputChannels], Graphs.RandomValues(91, outputChannels));
        }, Ints("strides", stride, stride), Ints("dilations", dilation, dilation), Ints("pads", pads), Ints("output_padding", outputPadding), Int("group", group));
        Graphs.AssertOpMatches(model, 92, shape);
    }

    [Fact]
    public void ConvTranspose1DMatchesOrt()
    {
        long[] shape = [2, 3, 7];
        ModelProto model = Graphs.SingleOp(13, "ConvTranspose", shape, ["w", "b"], b =>
        {
            b.Initializer("w", [3, 5, 4], Graphs.RandomValues(93, 3, 5, 4));
            b.Initializer("b", [5], Graphs.RandomValues(94, 5));
        }, Ints("strides", 3), Ints("pads", 1, 2), Ints("output_padding", 1));
        Graphs.AssertOpMatches(model, 95, shape);
    }

    // Depthwise and grouped Conv as MobileNets use them (group = channels, and group = 2).
    [Theory]
    [InlineData(4, 1)]
    [InlineData(2, 2)]
    public void GroupedConvMatchesOrt(long group, long stride)
    {
        long[] shape = [2, 4, 7, 7];
        ModelProto model = Graphs.SingleOp(13, "Conv", shape, ["w", "b"], b =>
        {
            b.Initializer("w", [8, 4 / group, 3, 3], Graphs.RandomValues(96, 8, 4 / group, 3, 3));
            b.Initializer("b", [8], Graphs.RandomValues(97, 8));
        }, Ints("strides", stride, stride), Ints("pads", 1, 1, 1, 1), Int("group", group));
        Graphs.AssertOpMatches(model, 98, shape);
    }
}
