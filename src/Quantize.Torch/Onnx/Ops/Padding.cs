using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// ONNX pads list all begins, then all ends ([x1_begin, x2_begin, x1_end, x2_end]), or come from
/// auto_pad; torch takes one symmetric value per axis, or an explicit pad of the last axis first.
/// This bridges the two.
/// </summary>
static class Padding
{
    /// <summary>The node's pads in ONNX layout, computing them for auto_pad SAME_UPPER/SAME_LOWER/VALID.</summary>
    public static long[] Resolve(OnnxNode node, long[] spatialShape, long[] kernel, long[] strides, long[] dilations)
    {
        int rank = spatialShape.Length;
        string autoPad = node.Attributes.String("auto_pad", "NOTSET");
        switch (autoPad)
        {
            case "NOTSET":
                long[] pads = node.Attributes.Ints("pads") ?? new long[2 * rank];
                if (pads.Length != 2 * rank) throw node.Error($"pads has {pads.Length} entries, expected {2 * rank}");
                return pads;
            case "VALID":
                return new long[2 * rank];
            case "SAME_UPPER" or "SAME_LOWER":
                // Output size ceil(in / stride); the odd pixel of padding goes at the end (UPPER) or the begin (LOWER).
                var same = new long[2 * rank];
                for (int i = 0; i < rank; i++)
                {
                    long output = (spatialShape[i] + strides[i] - 1) / strides[i];
                    long total = Math.Max(0, (output - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - spatialShape[i]);
                    long small = total / 2, large = total - small;
                    same[i] = autoPad == "SAME_UPPER" ? small : large;
                    same[i + rank] = autoPad == "SAME_UPPER" ? large : small;
                }
                return same;
            default:
                throw node.Error($"auto_pad '{autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        }
    }

    public static bool IsSymmetric(long[] pads)
    {
        int rank = pads.Length / 2;
        for (int i = 0; i < rank; i++)
            if (pads[i] != pads[i + rank]) return false;
        return true;
    }

    /// <summary>Pads <paramref name="input"/>'s spatial axes explicitly with <paramref name="fill"/>.</summary>
    public static Tensor Explicit(Tensor input, long[] pads, double fill)
    {
        int rank = pads.Length / 2;
        var torchPads = new long[2 * rank];
        for (int axis = 0; axis < rank; axis++)
        {
            int fromLast = rank - 1 - axis;
            torchPads[2 * fromLast] = pads[axis];
            torchPads[2 * fromLast + 1] = pads[axis + rank];
        }
        return nn.functional.pad(input, torchPads, value: fill);
    }

    /// <summary>Returns the symmetric padding per spatial axis, padding <paramref name="input"/> explicitly when begins and ends differ.</summary>
    public static long[] Apply(ref Tensor input, long[] pads, double fill)
    {
        int rank = pads.Length / 2;
        if (IsSymmetric(pads)) return pads[..rank];
        input = Explicit(input, pads, fill);
        return new long[rank];
    }

    public static long[] SpatialShape(Tensor input) => input.shape[2..];

    public static long[] Ones(int rank) => Enumerable.Repeat(1L, rank).ToArray();
}
