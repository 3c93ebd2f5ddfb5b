using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>GridSample and AffineGrid (spatial transformers, flow warping) and ImageScaler (old zoo models' input normalization).</summary>
static class SamplingOps
{
    /// <summary>
    /// torch's grid_sample, whose modes and padding match ONNX's: opset 16 names the modes bilinear and nearest, opset 20
    /// linear and nearest. Cubic sampling is left out: TorchSharp 0.107's GridSampleMode has no bicubic.
    /// </summary>
    public static Tensor GridSample(OnnxNode node)
    {
        Tensor input = node.Input(0), grid = node.Input(1);
        GridSampleMode mode = node.Attributes.String("mode", node.Opset >= 20 ? "linear" : "bilinear") switch
        {
            "bilinear" or "linear" => GridSampleMode.Bilinear,
            "nearest" => GridSampleMode.Nearest,
            string other => throw node.Error($"mode '{other}' is not supported (linear, nearest)"),
        };
        GridSamplePaddingMode padding = node.Attributes.String("padding_mode", "zeros") switch
        {
            "zeros" => GridSamplePaddingMode.Zeros,
            "border" => GridSamplePaddingMode.Border,
            "reflection" => GridSamplePaddingMode.Reflection,
            string other => throw node.Error($"padding_mode '{other}' is not one of zeros, border, reflection"),
        };
        return nn.functional.grid_sample(input, grid.to_type(input.dtype), mode, padding, node.Attributes.Int("align_corners", 0) != 0);
    }

    /// <summary>x · scale + bias[channel] (an experimental op ONNX dropped, still in many opset-8 zoo models).</summary>
    public static Tensor ImageScaler(OnnxNode node)
    {
        Tensor input = node.Input(0);
        Tensor scaled = input.mul(node.Attributes.Float("scale", 1f));
        if (node.Attributes.Floats("bias") is not { } bias) return scaled;
        if (bias.Length != input.shape[1]) throw node.Error($"bias has {bias.Length} entries for {input.shape[1]} channels");
        long[] channelShape = [bias.Length, .. Enumerable.Repeat(1L, (int)input.dim() - 2)];
        return scaled.add(tensor(bias, dtype: input.dtype, device: input.device).reshape(channelShape), ScalarOne.Value);
    }

    /// <summary>The sampling grid [N, H, W, 2] (or [N, D, H, W, 3]) of affine matrices theta for the output size [N, C, H, W (, D)].</summary>
    public static Tensor AffineGrid(OnnxNode node) =>
        nn.functional.affine_grid(node.Input(0), node.Longs(1), node.Attributes.Int("align_corners", 0) != 0);
}
