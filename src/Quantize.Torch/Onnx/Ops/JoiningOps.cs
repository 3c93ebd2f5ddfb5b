using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Ops that cut or join tensors along an axis: Concat, Split, Slice, Gather.</summary>
static class JoiningOps
{
    public static Tensor Concat(OnnxNode node)
    {
        Tensor[] parts = node.Inputs.Where(t => t is not null).Select(t => t!).ToArray();
        if (parts.Length == 0) throw node.Error("needs at least one input");
        long axis = Axes.Normalize(node.Attributes.Int("axis", 0), parts[0].dim(), node);
        return cat(parts, axis);
    }

    /// <summary>
    /// Sizes come from the split attribute (before opset 13) or input (from 13); without them, the
    /// outputs share the axis equally, or (opset 18's num_outputs) in chunks of ceil(size/n) with a smaller last one.
    /// </summary>
    public static Tensor[] Split(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long axis = Axes.Normalize(node.Attributes.Int("axis", 0), input.dim(), node);
        long size = input.shape[axis];
        long[]? sizes = node.AttributeOrInput("split", 1, 13);
        if (sizes is null || sizes.Length == 0)
        {
            long count = node.Opset >= 18 && node.Attributes.Has("num_outputs") ? node.Attributes.Int("num_outputs", 0) : node.Proto.Output.Count;
            if (count < 1) throw node.Error($"cannot split into {count} parts");
            if (node.Opset < 18 && size % count != 0) throw node.Error($"axis of size {size} does not split into {count} equal parts");
            long chunk = (size + count - 1) / count;
            sizes = Enumerable.Range(0, (int)count).Select(i => Math.Clamp(size - i * chunk, 0, chunk)).ToArray();
        }
        if (sizes.Sum() != size) throw node.Error($"split sizes [{string.Join(",", sizes)}] do not add up to the axis size {size}");
        return input.split(sizes, axis);
    }

    /// <summary>Starts, ends, axes and steps are attributes before opset 10 and inputs from then on; indices clamp like Python's.</summary>
    public static Tensor Slice(OnnxNode node)
    {
        Tensor input = node.Input(0);
        bool inputs = node.Opset >= 10;
        long[] starts = (inputs ? node.Longs(1) : node.Attributes.Ints("starts")) ?? throw node.Error("starts are required");
        long[] ends = (inputs ? node.Longs(2) : node.Attributes.Ints("ends")) ?? throw node.Error("ends are required");
        long[] axes = (inputs ? node.OptionalLongs(3) : node.Attributes.Ints("axes")) ?? Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
        long[] steps = (inputs ? node.OptionalLongs(4) : null) ?? Enumerable.Repeat(1L, starts.Length).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            throw node.Error("starts, ends, axes and steps must have the same length");
        axes = Axes.Normalize(axes, input.dim(), node);
        Tensor result = input;
        for (int i = 0; i < axes.Length; i++)
            result = SliceAxis(node, result, axes[i], starts[i], ends[i], steps[i]);
        return result;
    }

    /// <summary>Picks entries along axis: out shape = data[:axis] + indices + data[axis+1:]; negative indices count from the end.</summary>
    public static Tensor Gather(OnnxNode node)
    {
        Tensor data = node.Input(0), indices = node.Input(1);
        long axis = Axes.Normalize(node.Attributes.Int("axis", 0), data.dim(), node);
        long size = data.shape[axis];
        Tensor flat = indices.to_type(ScalarType.Int64).flatten();
        Tensor wrapped = flat.lt(0).any().item<bool>() ? flat.where(flat.ge(0), flat.add(size)) : flat;
        if (wrapped.numel() > 0 && (wrapped.lt(0).any().item<bool>() || wrapped.ge(size).any().item<bool>()))
            throw node.Error($"an index is out of range for an axis of size {size}");
        long[] shape = [.. data.shape[..(int)axis], .. indices.shape, .. data.shape[((int)axis + 1)..]];
        return data.index_select(axis, wrapped).reshape(shape);
    }

    static Tensor SliceAxis(OnnxNode node, Tensor input, long axis, long start, long end, long step)
    {
        if (step == 0) throw node.Error("a step of 0 is invalid");
        long size = input.shape[axis];
        if (size == 0) return input;
        // Saturating: ends such as INT64_MAX or INT64_MIN mean "to the edge".
        static long Wrap(long index, long size) => index < 0 ? (index < -size ? -1 : index + size) : index;
        start = Wrap(start, size);
        end = Wrap(end, size);
        if (step > 0)
        {
            start = Math.Clamp(start, 0, size);
            end = Math.Clamp(end, 0, size);
            return input.slice(axis, start, Math.Max(start, end), step);
        }
        // torch has no negative steps: select the indices explicitly.
        start = Math.Clamp(start, 0, size - 1);
        end = Math.Clamp(end, -1, size - 1);
        Tensor indices = start > end ? arange(start, end, step, dtype: ScalarType.Int64, device: input.device) : empty(0, dtype: ScalarType.Int64, device: input.device);
        return input.index_select(axis, indices);
    }
}
