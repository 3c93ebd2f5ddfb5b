using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// ONNX pads list all begins, then all ends ([x1_begin, x2_begin, x1_end, x2_end]); torch takes one
/// symmetric value per axis, or an explicit pad of the last axis first. This bridges the two.
/// </summary>
static class Padding
{
    /// <summary>Returns the symmetric padding per spatial axis, padding <paramref name="input"/> explicitly when begins and ends differ.</summary>
    public static long[] Apply(ref Tensor input, long[]? pads, int spatialRank, double fill, OnnxNode node)
    {
        if (pads == null) return new long[spatialRank];
        if (pads.Length != 2 * spatialRank) throw node.Error($"pads has {pads.Length} entries, expected {2 * spatialRank}");
        bool symmetric = true;
        for (int i = 0; i < spatialRank; i++) symmetric &= pads[i] == pads[i + spatialRank];
        if (symmetric) return pads[..spatialRank];

        var torchPads = new long[2 * spatialRank];
        for (int axis = 0; axis < spatialRank; axis++)
        {
            int fromLast = spatialRank - 1 - axis;
            torchPads[2 * fromLast] = pads[axis];
            torchPads[2 * fromLast + 1] = pads[axis + spatialRank];
        }
        input = nn.functional.pad(input, torchPads, value: fill);
        return new long[spatialRank];
    }
}
