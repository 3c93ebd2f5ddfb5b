using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Conv (1-D and 2-D, with groups, strides, dilations and explicit pads).</summary>
static class ConvolutionOps
{
    public static Tensor Conv(OnnxNode node)
    {
        Tensor input = node.Input(0), weight = node.Input(1);
        Tensor? bias = node.OptionalInput(2);
        int spatialRank = (int)weight.dim() - 2;
        NodeAttributes a = node.Attributes;
        if (a.String("auto_pad", "NOTSET") != "NOTSET") throw node.Error("auto_pad is not supported; export with explicit pads");
        long[] strides = a.Ints("strides") ?? Enumerable.Repeat(1L, spatialRank).ToArray();
        long[] dilations = a.Ints("dilations") ?? Enumerable.Repeat(1L, spatialRank).ToArray();
        long groups = a.Int("group", 1);
        long[] padding = Padding.Apply(ref input, a.Ints("pads"), spatialRank, 0.0, node);
        return spatialRank switch
        {
            1 => nn.functional.conv1d(input, weight, bias, strides[0], padding[0], dilations[0], groups),
            2 => nn.functional.conv2d(input, weight, bias, strides, padding, dilations, groups),
            _ => throw node.Error($"{spatialRank}-D convolution is not supported"),
        };
    }
}
