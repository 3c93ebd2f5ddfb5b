using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Pad (constant, reflect, edge; pads an attribute before opset 11, inputs from then on; axes from 18) and Size.</summary>
static class PadOps
{
    public static Tensor Pad(OnnxNode node)
    {
        Tensor input = node.Input(0);
        int rank = (int)input.dim();
        long[] pads;
        double value;
        if (node.Opset < 11)
        {
            pads = node.Attributes.Ints("pads") ?? node.Attributes.Ints("paddings") ?? throw node.Error("pads are required");
            value = node.Attributes.Float("value", 0f);
        }
        else
        {
            pads = node.Longs(1);
            value = node.OptionalInput(2) is { } constant && constant.numel() > 0 ? constant.to_type(ScalarType.Float64).cpu().item<double>() : 0.0;
        }
        long[] axes = node.Opset >= 18 && node.OptionalLongs(3) is { } given ? Axes.Normalize(given, rank, node) : Enumerable.Range(0, rank).Select(a => (long)a).ToArray();
        if (pads.Length != 2 * axes.Length) throw node.Error($"pads has {pads.Length} entries for {axes.Length} axes");
        string mode = node.Attributes.String("mode", "constant");
        Tensor result = input;
        for (int i = 0; i < axes.Length; i++)
        {
            long begin = pads[i], end = pads[i + axes.Length];
            if (begin == 0 && end == 0) continue;
            result = mode switch
            {
                "constant" => Constant(result, axes[i], begin, end, value),
                "reflect" or "edge" => ByIndex(node, result, axes[i], begin, end, mode == "reflect"),
                _ => throw node.Error($"mode '{mode}' is not one of constant, reflect, edge"),
            };
        }
        return result.alias();
    }

    public static Tensor Size(OnnxNode node) => tensor(node.Input(0).numel(), dtype: ScalarType.Int64, device: node.Device);

    // torch's pad counts from the last axis; negative amounts crop, as ONNX's negative pads do.
    static Tensor Constant(Tensor input, long axis, long begin, long end, double value)
    {
        var torchPads = new long[2 * (input.dim() - axis)];
        torchPads[^2] = begin;
        torchPads[^1] = end;
        return nn.functional.pad(input, torchPads, value: value);
    }

    // Reflect mirrors without repeating the edge (a b c → c b | a b c | b a); edge repeats it. Gathered by index,
    // so it works on any axis and passes gradients.
    static Tensor ByIndex(OnnxNode node, Tensor input, long axis, long begin, long end, bool reflect)
    {
        long size = input.shape[axis];
        if (begin < 0 || end < 0) throw node.Error("negative pads are supported only in constant mode");
        if (reflect && (begin >= size || end >= size)) throw node.Error($"reflect pads must be smaller than the axis ({size})");
        long Source(long i)
        {
            if (i >= 0 && i < size) return i;
            if (!reflect) return Math.Clamp(i, 0, size - 1);
            return i < 0 ? -i : 2 * (size - 1) - i;
        }
        long[] indices = Enumerable.Range(0, (int)(begin + size + end)).Select(k => Source(k - begin)).ToArray();
        return input.index_select(axis, tensor(indices, device: input.device));
    }
}
