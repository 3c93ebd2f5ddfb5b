using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Tile (repeat along each axis) and Range (an arithmetic sequence from scalar inputs).</summary>
static class GeneratorOps
{
    public static Tensor Tile(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] repeats = node.Longs(1);
        if (repeats.Length != input.dim()) throw node.Error($"repeats has {repeats.Length} entries for rank {input.dim()}");
        return input.repeat(repeats);
    }

    /// <summary>max(ceil((limit − start) / delta), 0) elements start + i·delta, of the inputs' type.</summary>
    public static Tensor Range(OnnxNode node)
    {
        Tensor start = node.Input(0), limit = node.Input(1), delta = node.Input(2);
        double first = start.ToDouble(), last = limit.ToDouble(), step = delta.ToDouble();
        if (step == 0) throw node.Error("delta must not be 0");
        long count = Math.Max((long)Math.Ceiling((last - first) / step), 0);
        if (!start.is_floating_point())
            return arange(count, dtype: ScalarType.Int64, device: node.Device).mul((long)step).add((long)first).to_type(start.dtype);
        // In the start's type, element by element as the spec defines it (start + i·delta).
        return arange(count, dtype: start.dtype, device: node.Device).mul(step).add(first);
    }
}
