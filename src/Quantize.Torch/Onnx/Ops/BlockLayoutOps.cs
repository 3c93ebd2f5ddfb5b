using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>DepthToSpace and SpaceToDepth: channels to and from blocksize × blocksize pixel blocks (super-resolution, pixel shuffle).</summary>
static class BlockLayoutOps
{
    /// <summary>
    /// DCR (default) reads the block offset from the channel's high part, depth from its low part; CRD the reverse
    /// (torch's pixel_shuffle).
    /// </summary>
    public static Tensor DepthToSpace(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long b = Blocksize(node, input);
        long n = input.shape[0], c = input.shape[1], h = input.shape[2], w = input.shape[3];
        if (c % (b * b) != 0) throw node.Error($"{c} channels do not divide into blocks of {b}x{b}");
        long depth = c / (b * b);
        Tensor spread = node.Attributes.String("mode", "DCR") switch
        {
            "DCR" => input.reshape(n, b, b, depth, h, w).permute(0, 3, 4, 1, 5, 2),
            "CRD" => input.reshape(n, depth, b, b, h, w).permute(0, 1, 4, 2, 5, 3),
            string other => throw node.Error($"mode '{other}' is not one of DCR, CRD"),
        };
        return spread.reshape(n, depth, h * b, w * b);
    }

    public static Tensor SpaceToDepth(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long b = Blocksize(node, input);
        long n = input.shape[0], c = input.shape[1], h = input.shape[2], w = input.shape[3];
        if (h % b != 0 || w % b != 0) throw node.Error($"a {h}x{w} image does not divide into blocks of {b}x{b}");
        return input.reshape(n, c, h / b, b, w / b, b).permute(0, 3, 5, 1, 2, 4).reshape(n, c * b * b, h / b, w / b);
    }

    static long Blocksize(OnnxNode node, Tensor input)
    {
        if (input.dim() != 4) throw node.Error($"input has rank {input.dim()}; it must be [N, C, H, W]");
        long b = node.Attributes.Int("blocksize", 0);
        return b >= 1 ? b : throw node.Error($"blocksize {b} must be positive");
    }
}
