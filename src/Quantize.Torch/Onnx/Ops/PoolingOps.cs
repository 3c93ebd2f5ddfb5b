using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>MaxPool, AveragePool and LpPool over 1- to 3-D inputs (pads, auto_pad, ceil_mode, count_include_pad), and the global pools.</summary>
static class PoolingOps
{
    public static Tensor MaxPool(OnnxNode node)
    {
        if (node.Proto.Output.Count > 1 && !string.IsNullOrEmpty(node.Proto.Output[1])) throw node.Error("the Indices output is not supported");
        (Tensor input, long[] kernel, long[] strides, long[] pads) = Window(node);
        int rank = kernel.Length;
        long[] dilations = node.Attributes.Ints("dilations") ?? Padding.Ones(rank);
        bool ceil = node.Attributes.Int("ceil_mode", 0) != 0;
        // torch pads symmetrically and at most half a kernel; anything else is padded by hand with -inf, which max ignores.
        long[] padding = pads[..rank];
        long[] spatial = Padding.SpatialShape(input);
        if (!Padding.IsSymmetric(pads) || !TorchCanPad(pads, kernel))
        {
            input = Padding.Explicit(input, pads, double.NegativeInfinity);
            padding = new long[rank];
        }
        Tensor pooled = rank switch
        {
            1 => nn.functional.max_pool1d(input, kernel[0], strides[0], padding[0], dilations[0], ceil),
            2 => nn.functional.max_pool2d(input, kernel, strides, padding, dilations, ceil),
            3 => nn.functional.max_pool3d(input, kernel, strides, padding, dilations, ceil),
            _ => throw node.Error($"{rank}-D pooling is not supported"),
        };
        return CropToOnnxSize(pooled, spatial, kernel, strides, dilations, pads, ceil);
    }

    public static Tensor AveragePool(OnnxNode node)
    {
        (Tensor input, long[] kernel, long[] strides, long[] pads) = Window(node);
        int rank = kernel.Length;
        if ((node.Attributes.Ints("dilations") ?? []).Any(d => d != 1)) throw node.Error("dilated average pooling is not supported");
        bool ceil = node.Attributes.Int("ceil_mode", 0) != 0;
        bool countPads = node.Attributes.Int("count_include_pad", 0) != 0;
        if (Padding.IsSymmetric(pads) && TorchCanPad(pads, kernel))
            return Average(node, input, kernel, strides, pads[..rank], ceil, countPads);
        long[] spatial = Padding.SpatialShape(input), undilated = Padding.Ones(rank);

        // Pads torch cannot express: pad with zeros by hand. Zeros that must not count are divided out
        // by pooling a mask of ones padded the same way.
        Tensor padded = Padding.Explicit(input, pads, 0.0);
        var none = new long[rank];
        Tensor sums = Average(node, padded, kernel, strides, none, ceil, countPads: true);
        if (!countPads)
        {
            long[] maskShape = [1, 1, .. spatial];
            Tensor mask = Padding.Explicit(ones(maskShape, dtype: input.dtype, device: input.device), pads, 0.0);
            sums = sums.div(Average(node, mask, kernel, strides, none, ceil, countPads: true));
        }
        return CropToOnnxSize(sums, spatial, kernel, strides, undilated, pads, ceil);
    }

    /// <summary>
    /// (Σ |x|^p)^(1/p) over each window (p default 2), padding counting as zeros: the sum is an average over the
    /// zero-padded input times the window size.
    /// </summary>
    public static Tensor LpPool(OnnxNode node)
    {
        (Tensor input, long[] kernel, long[] strides, long[] pads) = Window(node);
        int rank = kernel.Length;
        if ((node.Attributes.Ints("dilations") ?? []).Any(d => d != 1)) throw node.Error("dilated Lp pooling is not supported");
        float p = node.Attributes.Int("p", 2);
        bool ceil = node.Attributes.Int("ceil_mode", 0) != 0;
        long[] spatial = Padding.SpatialShape(input);
        // With ceil_mode the last window may run past the padded input, where torch would shrink the average's divisor;
        // zeros added at the end keep every window whole, and the crop below drops windows ONNX does not have.
        long[] padsWithRoom = ceil ? [.. pads[..rank], .. pads[rank..].Select((end, i) => end + kernel[i] - 1)] : pads;
        Tensor powered = Padding.Explicit(input.abs().pow(p), padsWithRoom, 0.0);
        Tensor sums = Average(node, powered, kernel, strides, new long[rank], ceil: false, countPads: true).mul(kernel.Aggregate(1L, (a, b) => a * b));
        return CropToOnnxSize(sums, spatial, kernel, strides, Padding.Ones(rank), pads, ceil).pow(1f / p);
    }

    public static Tensor GlobalLpPool(OnnxNode node)
    {
        Tensor input = node.Input(0);
        float p = node.Attributes.Int("p", 2);
        return input.abs().pow(p).sum(Enumerable.Range(2, (int)input.dim() - 2).Select(d => (long)d).ToArray(), keepdim: true).pow(1f / p);
    }

    /// <summary>
    /// With ceil_mode, ONNX drops a last window that would start in the end padding. torch applies the
    /// same rule, but only to padding it adds itself: after padding by hand, the surplus window is cut here.
    /// </summary>
    static Tensor CropToOnnxSize(Tensor pooled, long[] spatial, long[] kernel, long[] strides, long[] dilations, long[] pads, bool ceil)
    {
        int rank = spatial.Length;
        for (int i = 0; i < rank; i++)
        {
            long span = spatial[i] + pads[i] + pads[i + rank] - ((kernel[i] - 1) * dilations[i] + 1);
            long size = (ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
            if (ceil && (size - 1) * strides[i] >= spatial[i] + pads[i]) size--;
            if (pooled.shape[i + 2] > size) pooled = pooled.narrow(i + 2, 0, size);
        }
        return pooled;
    }

    public static Tensor GlobalAveragePool(OnnxNode node)
    {
        Tensor input = node.Input(0);
        return input.mean(Enumerable.Range(2, (int)input.dim() - 2).Select(d => (long)d).ToArray(), keepdim: true);
    }

    public static Tensor GlobalMaxPool(OnnxNode node)
    {
        Tensor input = node.Input(0);
        return input.amax(Enumerable.Range(2, (int)input.dim() - 2).Select(d => (long)d).ToArray(), keepdim: true);
    }

    static Tensor Average(OnnxNode node, Tensor input, long[] kernel, long[] strides, long[] padding, bool ceil, bool countPads) =>
        kernel.Length switch
        {
            1 => nn.functional.avg_pool1d(input, kernel[0], strides[0], padding[0], ceil, countPads),
            2 => nn.functional.avg_pool2d(input, kernel, strides, padding, ceil, countPads),
            3 => nn.functional.avg_pool3d(input, kernel, strides, padding, ceil, countPads),
            _ => throw node.Error($"{kernel.Length}-D pooling is not supported"),
        };

    static (Tensor Input, long[] Kernel, long[] Strides, long[] Pads) Window(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] kernel = node.Attributes.Ints("kernel_shape") ?? throw node.Error("kernel_shape is required");
        if (input.dim() != kernel.Length + 2) throw node.Error($"input has rank {input.dim()} for a {kernel.Length}-D kernel");
        long[] strides = node.Attributes.Ints("strides") ?? Padding.Ones(kernel.Length);
        long[] dilations = node.Attributes.Ints("dilations") ?? Padding.Ones(kernel.Length);
        return (input, kernel, strides, Padding.Resolve(node, Padding.SpatialShape(input), kernel, strides, dilations));
    }

    static bool TorchCanPad(long[] pads, long[] kernel)
    {
        for (int i = 0; i < kernel.Length; i++)
            if (pads[i] > kernel[i] / 2) return false;
        return true;
    }
}
