namespace Quantize.Torch.Onnx.Ops;

/// <summary>ONNX axes may count from the end (-1 = last); torch wants them in [0, rank).</summary>
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
}
