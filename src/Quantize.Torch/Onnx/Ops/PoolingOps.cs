using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>MaxPool over 2-D inputs.</summary>
static class PoolingOps
{
    public static Tensor MaxPool(OnnxNode node)
    {
        Tensor input = node.Input(0);
        NodeAttributes a = node.Attributes;
        long[] kernel = a.Ints("kernel_shape") ?? throw node.Error("kernel_shape is required");
        if (kernel.Length != 2) throw node.Error($"{kernel.Length}-D max pooling is not supported");
        if (a.String("auto_pad", "NOTSET") != "NOTSET") throw node.Error("auto_pad is not supported; export with explicit pads");
        if (node.Proto.Output.Count > 1 && !string.IsNullOrEmpty(node.Proto.Output[1])) throw node.Error("the Indices output is not supported");
        long[] strides = a.Ints("strides") ?? [1, 1];
        long[] dilations = a.Ints("dilations") ?? [1, 1];
        bool ceil = a.Int("ceil_mode", 0) != 0;
        long[] padding = Padding.Apply(ref input, a.Ints("pads"), 2, double.NegativeInfinity, node);
        return nn.functional.max_pool2d(input, kernel, strides, padding, dilations, ceil);
    }
}
