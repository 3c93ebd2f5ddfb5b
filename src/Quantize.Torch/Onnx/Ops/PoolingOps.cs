using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>MaxPool, AveragePool and LpPool over 1- to 3-D inputs (pads, auto_pad, ceil_mode, count_include_pad), and the global pools.</summary>
static class PoolingOps
{
    /// <summary>The pooled values, and (when asked for, as SegNet-style decoders do) the int64 Indices output.</summary>
    public static Tensor[] MaxPool(OnnxNode node)
    {
        bool withIndices = node.Proto.Output.Count > 1 && !string.IsNullOrEmpty(node.Proto.Output[1]);
        (Tensor input, long[] kernel, long[] strides, long[] pads) = Window(node);
        int rank = kernel.Length;
        long[] dilations = node.Attributes.Ints("dilations") ?? Padding.Ones(rank);
        bool ceil = node.Attributes.Int("ceil_mode", 0) != 0;
        // torch pads symmetrically and at most half a kernel; anything else is padded by hand with -inf, which max ignores.
        long[] padding = pads[..rank];
        long[] spatial = Padding.SpatialShape(input);
        bool padded = !Padding.IsSymmetric(pads) || !TorchCanPad(pads, kernel);
        if (padded)
        {
            input = Padding.Explicit(input, pads, double.NegativeInfinity);
            padding = new long[rank];
        }
        if (!withIndices)
        {
            Tensor pooled = rank switch
            {
                1 => nn.functional.max_pool1d(input, kernel[0], strides[0], padding[0], dilations[0], ceil),
                2 => nn.functional.max_pool2d(input, kernel, strides, padding, dilations, ceil),
                3 => nn.functional.max_pool3d(input, kernel, strides, padding, dilations, ceil),
                _ => throw node.Error($"{rank}-D pooling is not supported"),
            };
            return [CropToOnnxSize(pooled, spatial, kernel, strides, dilations, pads, ceil)];
        }
        (Tensor values, Tensor planeIndices) = rank switch
        {
            1 => nn.functional.max_pool1d_with_indices(input, kernel[0], strides[0], padding[0], dilations[0], ceil),
            2 => nn.functional.max_pool2d_with_indices(input, kernel, strides, padding, dilations, ceil),
            3 => nn.functional.max_pool3d_with_indices(input, kernel, strides, padding, dilations, ceil),
            _ => throw node.Error($"{rank}-D pooling is not supported"),
        };
        Tensor indices = OnnxIndices(planeIndices, input.shape[2..], padded ? pads[..rank] : new long[rank], spatial,
            node.Attributes.Int("storage_order", 0) != 0);
        return [CropToOnnxSize(values, spatial, kernel, strides, dilations, pads, ceil), CropToOnnxSize(indices, spatial, kernel, strides, dilations, pads, ceil)];
    }

    /// <summary>
    /// torch's indices count within each sample's channel plane of the tensor it pooled (padded by hand or not); ONNX's
    /// count over the whole unpadded input, row-major (storage_order 0) or with the spatial axes column-major (1).
    /// </summary>
    static Tensor OnnxIndices(Tensor planeIndices, long[] pooledShape, long[] padBegin, long[] spatial, bool columnMajor)
    {
        int rank = spatial.Length;
        Tensor remaining = planeIndices, flat = zeros_like(planeIndices);
        var coordinates = new Tensor[rank];
        for (int d = rank - 1; d >= 0; d--)
        {
            coordinates[d] = remaining.remainder(pooledShape[d]).sub(padBegin[d]);
            remaining = remaining.div(pooledShape[d], RoundingMode.floor);
        }
        foreach (int d in columnMajor ? Enumerable.Range(0, rank).Reverse() : Enumerable.Range(0, rank))
            flat = flat.mul(spatial[d]).add(coordinates[d]);
        long planeSize = spatial.Aggregate(1L, (a, b) => a * b);
        long samples = planeIndices.shape[0], channels = planeIndices.shape[1];
        Tensor plane = arange(samples * channels, dtype: ScalarType.Int64, device: planeIndices.device).mul(planeSize)
            .reshape([samples, channels, .. Enumerable.Repeat(1L, rank)]);
        return flat.add(plane);
    }

    /// <summary>
    /// Puts each value at its index (as MaxPool's Indices give them, over the whole output) in zeros of the output shape:
    /// output_shape when given, else (in − 1)·stride + kernel − pads per axis.
    /// </summary>
    public static Tensor MaxUnpool(OnnxNode node)
    {
        Tensor input = node.Input(0), indices = node.Input(1);
        long[] kernel = node.Attributes.Ints("kernel_shape") ?? throw node.Error("kernel_shape is required");
        int rank = kernel.Length;
        long[] strides = node.Attributes.Ints("strides") ?? Padding.Ones(rank);
        long[] pads = node.Attributes.Ints("pads") ?? new long[2 * rank];
        long[] shape = node.OptionalLongs(2) is { Length: > 0 } given
            ? given
            : [input.shape[0], input.shape[1], .. Enumerable.Range(0, rank).Select(d => (input.shape[d + 2] - 1) * strides[d] + kernel[d] - pads[d] - pads[d + rank])];
        Tensor flat = zeros(shape.Aggregate(1L, (a, b) => a * b), input.dtype, input.device);
        return flat.scatter(0, indices.to_type(ScalarType.Int64).flatten(), input.flatten()).reshape(shape);
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
