using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Ops that only rearrange or describe a shape: Flatten, Reshape, Transpose, Squeeze, Unsqueeze, Shape, Expand.</summary>
static class ShapeOps
{
    public static Tensor Flatten(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long axis = node.Attributes.Int("axis", 1);
        if (axis < 0) axis += input.dim();
        if (axis < 0 || axis > input.dim()) throw node.Error($"axis {node.Attributes.Int("axis", 1)} is out of range for rank {input.dim()}");
        long outer = 1, inner = 1;
        for (int d = 0; d < input.dim(); d++)
            if (d < axis) outer *= input.shape[d];
            else inner *= input.shape[d];
        return input.reshape(outer, inner);
    }

    /// <summary>A 0 copies the input's dimension (unless allowzero, then it means an empty axis); -1 is inferred.</summary>
    public static Tensor Reshape(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] shape = node.Longs(1);
        bool allowZero = node.Attributes.Int("allowzero", 0) != 0;
        for (int d = 0; d < shape.Length; d++)
            if (shape[d] == 0 && !allowZero)
            {
                if (d >= input.dim()) throw node.Error($"shape entry {d} copies a dimension the input does not have");
                shape[d] = input.shape[d];
            }
        return input.reshape(shape);
    }

    public static Tensor Transpose(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] perm = node.Attributes.Ints("perm") ?? Enumerable.Range(0, (int)input.dim()).Reverse().Select(d => (long)d).ToArray();
        if (perm.Length != input.dim()) throw node.Error($"perm has {perm.Length} entries for rank {input.dim()}");
        return input.permute(Axes.Normalize(perm, input.dim(), node));
    }

    /// <summary>Axes were an attribute before opset 13 and an input from then on; none means every size-1 axis.</summary>
    public static Tensor Squeeze(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[]? axes = node.AttributeOrInput("axes", 1, 13);
        var drop = axes is null
            ? Enumerable.Range(0, (int)input.dim()).Where(d => input.shape[d] == 1).Select(d => (long)d).ToHashSet()
            : Axes.Normalize(axes, input.dim(), node).ToHashSet();
        foreach (long axis in drop)
            if (input.shape[axis] != 1) throw node.Error($"cannot squeeze axis {axis} of size {input.shape[axis]}");
        return input.reshape(Enumerable.Range(0, (int)input.dim()).Where(d => !drop.Contains(d)).Select(d => input.shape[d]).ToArray());
    }

    /// <summary>Axes (attribute before opset 13, input after) index the output, whose rank is the input's plus their count.</summary>
    public static Tensor Unsqueeze(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] axes = node.AttributeOrInput("axes", 1, 13) ?? throw node.Error("axes are required");
        long rank = input.dim() + axes.Length;
        var insert = Axes.Normalize(axes, rank, node).ToHashSet();
        var shape = new long[rank];
        for (int d = 0, source = 0; d < rank; d++)
            shape[d] = insert.Contains(d) ? 1 : input.shape[source++];
        return input.reshape(shape);
    }

    /// <summary>The input's shape as an int64 tensor, optionally only dimensions [start, end) (opset 15), clamped like slices.</summary>
    public static Tensor Shape(OnnxNode node)
    {
        long[] shape = node.Input(0).shape;
        long Clamp(long index) => Math.Clamp(index < 0 ? index + shape.Length : index, 0, shape.Length);
        long start = Clamp(node.Attributes.Int("start", 0)), end = Clamp(node.Attributes.Int("end", shape.Length));
        return tensor(shape[(int)start..(int)Math.Max(start, end)], dtype: ScalarType.Int64, device: node.Device);
    }

    /// <summary>Broadcasts both ways: a 1 in the requested shape keeps the input's dimension.</summary>
    public static Tensor Expand(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] requested = node.Longs(1);
        long rank = Math.Max(input.dim(), requested.Length);
        var shape = new long[rank];
        for (int d = 0; d < rank; d++)
        {
            long have = d - (rank - input.dim()) is var i && i >= 0 ? input.shape[i] : 1;
            long want = d - (rank - requested.Length) is var j && j >= 0 ? requested[j] : 1;
            if (have != want && have != 1 && want != 1) throw node.Error($"cannot broadcast [{string.Join(",", input.shape)}] to [{string.Join(",", requested)}]");
            shape[d] = have == 1 ? want : have;
        }
        return input.expand(shape);
    }
}
