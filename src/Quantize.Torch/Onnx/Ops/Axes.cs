using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>ONNX axes, and indices along an axis, may count from the end (-1 = last); torch wants them in [0, rank) and [0, size).</summary>
static class Axes
{
    public static long Normalize(long axis, long rank, OnnxNode node)
    {
        long normalized = axis < 0 ? axis + rank : axis;
        if (normalized < 0 || normalized >= rank) throw node.Error($"axis {axis} is out of range for rank {rank}");
        return normalized;
    }

    public static long[] Normalize(long[] axes, long rank, OnnxNode node)
    {
        long[] normalized = axes.Select(a => Normalize(a, rank, node)).ToArray();
        if (normalized.Distinct().Count() != normalized.Length) throw node.Error($"axes [{string.Join(",", axes)}] repeat an axis");
        return normalized;
    }

    /// <summary>Indices along an axis of the given size as int64 in [0, size), negative ones wrapped; any outside [−size, size) is an error.</summary>
    public static Tensor WrapIndices(Tensor indices, long size, OnnxNode node)
    {
        Tensor index = indices.to_type(ScalarType.Int64);
        index = index.where(index.ge(0), index.add(size));
        if (index.numel() > 0 && (index.lt(0).any().item<bool>() || index.ge(size).any().item<bool>()))
            throw node.Error($"an index is out of range for an axis of size {size}");
        return index;
    }
}
