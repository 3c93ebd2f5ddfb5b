using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Conv (1-, 2- and 3-D, with groups, strides, dilations, explicit or automatic pads).</summary>
static class ConvolutionOps
{
    public static Tensor Conv(OnnxNode node)
    {
        Tensor input = node.Input(0), weight = node.Input(1);
        Tensor? bias = node.OptionalInput(2);
        int rank = (int)weight.dim() - 2;
        if (input.dim() != rank + 2) throw node.Error($"input has rank {input.dim()} but the weight is for {rank}-D convolution");
        NodeAttributes a = node.Attributes;
        long[] kernel = weight.shape[2..];
        long[] strides = a.Ints("strides") ?? Padding.Ones(rank);
        long[] dilations = a.Ints("dilations") ?? Padding.Ones(rank);
        long groups = a.Int("group", 1);
        long[] pads = Padding.Resolve(node, Padding.SpatialShape(input), kernel, strides, dilations);
        long[] padding = Padding.Apply(ref input, pads, 0.0);
        return rank switch
        {
            1 => nn.functional.conv1d(input, weight, bias, strides[0], padding[0], dilations[0], groups),
            2 => nn.functional.conv2d(input, weight, bias, strides, padding, dilations, groups),
            3 => nn.functional.conv3d(input, weight, bias, strides, padding, dilations, groups),
            _ => throw node.Error($"{rank}-D convolution is not supported"),
        };
    }
}
