using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// BatchNormalization (inference) and LayerNormalization, written out as arithmetic so that gradients
/// reach every initializer, running statistics included (torch's fused kernels give none for those).
/// </summary>
static class NormalizationOps
{
    public static Tensor BatchNormalization(OnnxNode node)
    {
        if (node.Attributes.Int("training_mode", 0) != 0) throw node.Error("training_mode = 1 is not supported; execution is inference only");
        if (node.Proto.Output.Skip(1).Any(o => o.Length > 0)) throw node.Error("running-statistics outputs exist only in training mode, which is not supported");
        Tensor input = node.Input(0);
        if (input.dim() < 2) throw node.Error($"input has rank {input.dim()}; BatchNormalization needs [N, C, ...]");
        // Per-channel vectors broadcast over [N, C, d1, ...] as [C, 1, ..., 1].
        long[] channelShape = [input.shape[1], .. Enumerable.Repeat(1L, (int)input.dim() - 2)];
        Tensor Channel(int index) => node.Input(index).reshape(channelShape);
        float epsilon = node.Attributes.Float("epsilon", 1e-5f);
        Tensor scale = Channel(1).div(Channel(4).add(epsilon).sqrt());
        return input.sub(Channel(3)).mul(scale).add(Channel(2), ScalarOne.Value);
    }

    /// <summary>Outputs Y, and the Mean and InvStdDev over the normalized axes (kept as size-1 dimensions).</summary>
    public static Tensor[] LayerNormalization(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long axis = Axes.Normalize(node.Attributes.Int("axis", -1), input.dim(), node);
        long[] normalized = Enumerable.Range((int)axis, (int)(input.dim() - axis)).Select(d => (long)d).ToArray();
        float epsilon = node.Attributes.Float("epsilon", 1e-5f);
        Tensor mean = input.mean(normalized, keepdim: true);
        Tensor centered = input.sub(mean);
        Tensor inverseStd = centered.square().mean(normalized, keepdim: true).add(epsilon).rsqrt();
        Tensor y = centered.mul(inverseStd).mul(node.Input(1));
        if (node.OptionalInput(2) is { } bias) y = y.add(bias, ScalarOne.Value);
        return [y, mean, inverseStd];
    }
}
