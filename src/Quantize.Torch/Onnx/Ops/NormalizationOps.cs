using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// BatchNormalization (inference), LayerNormalization, InstanceNormalization, GroupNormalization,
/// LpNormalization, MeanVarianceNormalization and LRN, written out as arithmetic so that gradients
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

    /// <summary>
    /// RMS normalization x / sqrt(mean(x²) + epsilon) · scale over the axes from axis on: an ONNX Runtime op that it
    /// registers in the default domain, where ORT-optimized T5 and LLaMA-style exports carry it. Outputs Y and the inverse RMS.
    /// </summary>
    public static Tensor[] SimplifiedLayerNormalization(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long axis = Axes.Normalize(node.Attributes.Int("axis", -1), input.dim(), node);
        long[] normalized = Enumerable.Range((int)axis, (int)(input.dim() - axis)).Select(d => (long)d).ToArray();
        Tensor inverseRms = input.square().mean(normalized, keepdim: true).add(node.Attributes.Float("epsilon", 1e-5f)).rsqrt();
        return [input.mul(inverseRms).mul(node.Input(1)), inverseRms];
    }

    /// <summary>Each sample's channel normalized over its spatial axes, then scaled and shifted per channel.</summary>
    public static Tensor InstanceNormalization(OnnxNode node)
    {
        Tensor input = node.Input(0);
        if (input.dim() < 3) throw node.Error($"input has rank {input.dim()}; InstanceNormalization needs [N, C, d1, ...]");
        long[] spatial = Enumerable.Range(2, (int)input.dim() - 2).Select(d => (long)d).ToArray();
        long[] channelShape = [input.shape[1], .. Enumerable.Repeat(1L, (int)input.dim() - 2)];
        Tensor normalized = Standardize(input, spatial, node.Attributes.Float("epsilon", 1e-5f));
        return normalized.mul(node.Input(1).reshape(channelShape)).add(node.Input(2).reshape(channelShape), ScalarOne.Value);
    }

    /// <summary>
    /// Channels in num_groups groups, each normalized over its channels and spatial axes together. Scale and bias
    /// are per group in opset 18 and per channel from opset 21 (which deprecated the per-group form).
    /// </summary>
    public static Tensor GroupNormalization(OnnxNode node)
    {
        Tensor input = node.Input(0), scale = node.Input(1), bias = node.Input(2);
        if (input.dim() < 2) throw node.Error($"input has rank {input.dim()}; GroupNormalization needs [N, C, ...]");
        long groups = node.Attributes.Int("num_groups", 0), channels = input.shape[1];
        if (groups < 1 || channels % groups != 0) throw node.Error($"{channels} channels do not split into {groups} groups");
        Tensor grouped = Standardize(input.reshape(input.shape[0], groups, -1), [2], node.Attributes.Float("epsilon", 1e-5f));
        long perChannel = node.Opset >= 21 ? channels : groups;
        if (scale.numel() != perChannel || bias.numel() != perChannel)
            throw node.Error($"scale and bias need {perChannel} entries at opset {node.Opset}, not {scale.numel()} and {bias.numel()}");
        if (node.Opset < 21)
            return grouped.mul(scale.reshape(groups, 1)).add(bias.reshape(groups, 1), ScalarOne.Value).reshape(input.shape);
        long[] channelShape = [channels, .. Enumerable.Repeat(1L, (int)input.dim() - 2)];
        return grouped.reshape(input.shape).mul(scale.reshape(channelShape)).add(bias.reshape(channelShape), ScalarOne.Value);
    }

    /// <summary>x divided by its L1 (p = 1) or L2 (p = 2, default) norm along axis.</summary>
    public static Tensor LpNormalization(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long axis = Axes.Normalize(node.Attributes.Int("axis", -1), input.dim(), node);
        Tensor norm = node.Attributes.Int("p", 2) switch
        {
            1 => input.abs().sum(axis, keepdim: true),
            2 => input.square().sum(axis, keepdim: true).sqrt(),
            long other => throw node.Error($"p = {other} is not 1 or 2"),
        };
        return input.div(norm);
    }

    /// <summary>(x − mean) / (std + 1e-9) over axes (default 0, 2, 3), as ONNX's function body defines it.</summary>
    public static Tensor MeanVarianceNormalization(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] axes = Axes.Normalize(node.Attributes.Ints("axes") ?? [0, 2, 3], input.dim(), node);
        Tensor centered = input.sub(input.mean(axes, keepdim: true));
        return centered.div(centered.square().mean(axes, keepdim: true).sqrt().add(1e-9));
    }

    /// <summary>
    /// Local response normalization across channels (AlexNet, GoogLeNet): x / (bias + alpha/size · Σ x²)^beta, the sum over
    /// the size channels around each one (floor((size−1)/2) before, ceil after), zero beyond the edges.
    /// </summary>
    public static Tensor LRN(OnnxNode node)
    {
        Tensor input = node.Input(0);
        if (input.dim() < 3) throw node.Error($"input has rank {input.dim()}; LRN needs [N, C, d1, ...]");
        long size = node.Attributes.Int("size", 0);
        if (size < 1) throw node.Error($"size {size} must be positive");
        float alpha = node.Attributes.Float("alpha", 1e-4f), beta = node.Attributes.Float("beta", 0.75f), bias = node.Attributes.Float("bias", 1f);
        long before = (size - 1) / 2, after = size - 1 - before;
        Tensor squares = input.square();
        Tensor Filler(long count) => zeros([squares.shape[0], count, .. squares.shape[2..]], squares.dtype, squares.device);
        Tensor padded = cat([Filler(before), squares, Filler(after)], 1);
        Tensor sums = padded.unfold(1, size, 1).sum(-1);
        return input.div(sums.mul(alpha / size).add(bias).pow(beta));
    }

    // (x − mean) / sqrt(var + epsilon) over the axes, with the biased variance as ONNX has it.
    static Tensor Standardize(Tensor input, long[] axes, float epsilon)
    {
        Tensor centered = input.sub(input.mean(axes, keepdim: true));
        return centered.mul(centered.square().mean(axes, keepdim: true).add(epsilon).rsqrt());
    }
}
