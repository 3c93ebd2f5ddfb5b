using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Einsum, Det, Trilu (attention masks) and CumSum (position ids from masks).</summary>
static class MatrixOps
{
    /// <summary>torch takes ONNX's equation as it is, ellipses included; spaces are dropped, which ONNX allows and torch may not.</summary>
    public static Tensor Einsum(OnnxNode node)
    {
        string equation = node.Attributes.String("equation", "").Replace(" ", "", StringComparison.Ordinal);
        if (equation.Length == 0) throw node.Error("equation is required");
        return einsum(equation, node.Inputs.Where(t => t is not null).Select(t => t!).ToArray());
    }

    /// <summary>The determinant of each square matrix in the last two axes.</summary>
    public static Tensor Det(OnnxNode node) => linalg.det(node.Input(0));

    /// <summary>The upper (default) or lower triangle of the last two axes, from diagonal k (an optional scalar input).</summary>
    public static Tensor Trilu(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long k = node.OptionalLongs(1) is { } diagonal ? diagonal.Single() : 0;
        return node.Attributes.Int("upper", 1) != 0 ? input.triu(k) : input.tril(k);
    }

    /// <summary>
    /// Running sum along the axis (a one-element input); exclusive leaves each element out of its own sum (shifted
    /// rather than subtracted, so floats do not cancel), reverse sums from the end.
    /// </summary>
    public static Tensor CumSum(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long axis = Axes.Normalize(node.Longs(1).Single(), input.dim(), node);
        bool reverse = node.Attributes.Int("reverse", 0) != 0, exclusive = node.Attributes.Int("exclusive", 0) != 0;
        Tensor x = reverse ? input.flip(axis) : input;
        if (exclusive && x.shape[axis] > 0)
        {
            long[] zeroShape = x.shape.ToArray();
            zeroShape[axis] = 1;
            x = cat([zeros(zeroShape, x.dtype, x.device), x.narrow(axis, 0, x.shape[axis] - 1)], axis);
        }
        Tensor sum = x.cumsum(axis, x.dtype);
        return reverse ? sum.flip(axis) : sum;
    }
}
