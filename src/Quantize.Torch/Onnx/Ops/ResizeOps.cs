using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// Resize (opsets 10–19) and Upsample (7–9), nearest, (multi)linear and (Resize only) cubic, one axis at a time: each
/// axis maps its output positions to source coordinates (coordinate_transformation_mode), then picks (nearest_mode) or
/// blends two neighbours (four for cubic). Coordinates are computed in float32 as ONNX Runtime does, so ties round the same way.
/// </summary>
static class ResizeOps
{
    public static Tensor Resize(OnnxNode node)
    {
        Tensor input = node.Input(0);
        NodeAttributes a = node.Attributes;
        if (a.Int("antialias", 0) != 0) throw node.Error("antialias is not supported");
        if (a.String("keep_aspect_ratio_policy", "stretch") != "stretch") throw node.Error("keep_aspect_ratio_policy other than stretch is not supported");
        int rank = (int)input.dim();
        long[] axes = a.Ints("axes") is { } given ? Axes.Normalize(given, rank, node) : Enumerable.Range(0, rank).Select(d => (long)d).ToArray();
        float[]? scales = node.Opset < 11 ? Floats(node, 1) : Floats(node, 2);
        long[]? sizes = node.Opset < 11 ? null : node.OptionalInput(3) is { } s && s.numel() > 0 ? node.Longs(3) : null;
        var fullScales = Enumerable.Repeat(1f, rank).ToArray();
        long[] fullSizes = input.shape.ToArray();
        if (sizes != null)
        {
            if (sizes.Length != axes.Length) throw node.Error($"sizes has {sizes.Length} entries for {axes.Length} axes");
            for (int i = 0; i < axes.Length; i++)
            {
                fullSizes[axes[i]] = sizes[i];
                fullScales[axes[i]] = (float)sizes[i] / input.shape[axes[i]];
            }
        }
        else if (scales != null)
        {
            if (scales.Length != axes.Length) throw node.Error($"scales has {scales.Length} entries for {axes.Length} axes");
            for (int i = 0; i < axes.Length; i++)
            {
                fullScales[axes[i]] = scales[i];
                fullSizes[axes[i]] = (long)(scales[i] * input.shape[axes[i]]);
            }
        }
        else throw node.Error("needs scales or sizes");
        string coordinates = node.Opset < 11 ? "asymmetric" : a.String("coordinate_transformation_mode", "half_pixel");
        string nearest = node.Opset < 11 ? "simple" : a.String("nearest_mode", "round_prefer_floor");
        var cubic = new CubicOptions(a.Float("cubic_coeff_a", -0.75f), a.Int("exclude_outside", 0) != 0);
        return Apply(node, input, fullScales, fullSizes, a.String("mode", "nearest"), coordinates, nearest, cubic);
    }

    sealed record CubicOptions(float A, bool ExcludeOutside);

    public static Tensor Upsample(OnnxNode node)
    {
        Tensor input = node.Input(0);
        float[] scales = (node.Opset < 9 ? node.Attributes.Floats("scales") : Floats(node, 1)) ?? throw node.Error("needs scales");
        if (scales.Length != input.dim()) throw node.Error($"scales has {scales.Length} entries for rank {input.dim()}");
        long[] sizes = scales.Select((s, d) => (long)(s * input.shape[d])).ToArray();
        string mode = node.Attributes.String("mode", "nearest");
        return Apply(node, input, scales, sizes, mode == "bilinear" ? "linear" : mode, "asymmetric", "simple");
    }

    static Tensor Apply(OnnxNode node, Tensor input, float[] scales, long[] sizes, string mode, string coordinates, string nearest, CubicOptions? cubic = null)
    {
        if (!(mode is "nearest" or "linear" || (mode == "cubic" && cubic != null))) throw node.Error($"mode '{mode}' is not supported (nearest, linear, cubic)");
        Tensor result = input;
        for (int axis = 0; axis < sizes.Length; axis++)
        {
            long length = input.shape[axis], resized = sizes[axis];
            if (resized == length && scales[axis] == 1f) continue;
            if (resized < 1) throw node.Error($"axis {axis} would have size {resized}");
            float[] source = new float[resized];
            for (long x = 0; x < resized; x++) source[x] = Original(node, coordinates, x, scales[axis], length, resized);
            result = mode switch
            {
                "nearest" => result.index_select(axis, tensor(source.Select(c => Nearest(node, nearest, c, scales[axis], length)).ToArray(), device: input.device)),
                "linear" => Linear(result, axis, source, length),
                _ => Cubic(result, axis, source, length, cubic!),
            };
        }
        return result.alias();
    }

    // Maps an output position to a source coordinate, in float32 arithmetic like ONNX Runtime's.
    static float Original(OnnxNode node, string mode, long x, float scale, long length, long resized) => mode switch
    {
        "half_pixel" => (x + 0.5f) / scale - 0.5f,
        "pytorch_half_pixel" => resized > 1 ? (x + 0.5f) / scale - 0.5f : 0f,
        "asymmetric" => x / scale,
        "tf_half_pixel_for_nn" => (x + 0.5f) / scale,
        "align_corners" => resized == 1 ? 0f : x * (float)(length - 1) / (resized - 1),
        "half_pixel_symmetric" => HalfPixelSymmetric(x, scale, length, resized),
        _ => throw node.Error($"coordinate_transformation_mode '{mode}' is not supported"),
    };

    static float HalfPixelSymmetric(long x, float scale, long length, long resized)
    {
        float adjustment = resized / (scale * length);
        float center = length / 2f;
        float offset = center * (1 - adjustment);
        return offset + (x + 0.5f) / scale - 0.5f;
    }

    static long Nearest(OnnxNode node, string mode, float x, float scale, long length)
    {
        double index = mode switch
        {
            "round_prefer_floor" => x == Math.Floor(x) + 0.5 ? Math.Floor(x) : Math.Round(x, MidpointRounding.AwayFromZero),
            "round_prefer_ceil" => Math.Round(x, MidpointRounding.AwayFromZero),
            "floor" => Math.Floor(x),
            "ceil" => Math.Ceiling(x),
            "simple" => scale < 1 ? Math.Ceiling(x) : Math.Truncate(x), // Upsample and Resize-10
            _ => throw node.Error($"nearest_mode '{mode}' is not supported"),
        };
        return Math.Clamp((long)index, 0, length - 1);
    }

    // Blends the two neighbours of each clamped source coordinate: a + (b − a)·w, differentiable in the input.
    static Tensor Linear(Tensor input, int axis, float[] source, long length)
    {
        long count = source.Length;
        var low = new long[count];
        var high = new long[count];
        var weight = new float[count];
        for (int i = 0; i < count; i++)
        {
            float x = Math.Clamp(source[i], 0f, length - 1);
            low[i] = (long)Math.Floor(x);
            high[i] = Math.Min(low[i] + 1, length - 1);
            weight[i] = x - low[i];
        }
        long[] weightShape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
        weightShape[axis] = count;
        Tensor a = input.index_select(axis, tensor(low, device: input.device));
        Tensor b = input.index_select(axis, tensor(high, device: input.device));
        Tensor w = tensor(weight, device: input.device).to_type(input.dtype).reshape(weightShape);
        return a.add(b.sub(a).mul(w), ScalarOne.Value);
    }

    /// <summary>
    /// Keys' cubic convolution over the four neighbours floor(x) − 1 .. floor(x) + 2 of each (unclamped) source coordinate,
    /// with coefficient A (cubic_coeff_a); neighbours past the edges repeat the edge, or with exclude_outside get no weight
    /// and the rest are renormalised, as ONNX Runtime computes it.
    /// </summary>
    static Tensor Cubic(Tensor input, int axis, float[] source, long length, CubicOptions options)
    {
        long count = source.Length;
        long[] weightShape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
        weightShape[axis] = count;
        Tensor? result = null;
        var taps = Enumerable.Range(0, 4).Select(_ => (Index: new long[count], Weight: new float[count])).ToArray();
        for (int i = 0; i < count; i++)
        {
            float x = source[i];
            long floor = (long)MathF.Floor(x);
            float t = x - floor, total = 0;
            for (int k = 0; k < 4; k++)
            {
                long index = floor - 1 + k;
                float w = CubicWeight(MathF.Abs(t - (k - 1)), options.A);
                if (options.ExcludeOutside && (index < 0 || index >= length)) w = 0;
                taps[k].Index[i] = Math.Clamp(index, 0, length - 1);
                taps[k].Weight[i] = w;
                total += w;
            }
            if (options.ExcludeOutside && total != 0)
                for (int k = 0; k < 4; k++) taps[k].Weight[i] /= total;
        }
        foreach ((long[] index, float[] weight) in taps)
        {
            Tensor term = input.index_select(axis, tensor(index, device: input.device))
                .mul(tensor(weight, device: input.device).to_type(input.dtype).reshape(weightShape));
            result = result is null ? term : result.add(term, ScalarOne.Value);
        }
        return result!;
    }

    static float CubicWeight(float s, float a) => s switch
    {
        <= 1f => ((a + 2) * s - (a + 3)) * s * s + 1,
        < 2f => ((a * s - 5 * a) * s + 8 * a) * s - 4 * a,
        _ => 0f,
    };

    static float[]? Floats(OnnxNode node, int index)
    {
        if (node.OptionalInput(index) is not { } t || t.numel() == 0) return null;
        using Tensor asFloat = t.to_type(ScalarType.Float32);
        using Tensor cpu = asFloat.cpu();
        return cpu.data<float>().ToArray();
    }
}
