using Quantize.Core.Scaling;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Scale normalisation of a codebook group (<c>--scale</c>): each tensor's scales are taken over its kept values (and, on
/// request, multiplied by the tensor's share of a fixed-step grid: <see cref="GridShares"/>) and rounded to the precision the
/// container stores (<see cref="ScaleNormalization.Stored"/>), the group's
/// kept values are divided by them and the importance weights multiplied by s², so one codebook fits tensors and channels of
/// very different scales while a weighted objective stays the real distortion (<see cref="ScaleNormalization"/>).
/// </summary>
public static class GroupScaling
{
    /// <param name="values">The group's kept values as <see cref="PrunedPositions.KeptValues"/> concatenates them, not a tensor's own array; normalised in place.</param>
    /// <param name="weights">Importance weights in model order (one per parameter), a copy the caller owns; multiplied by s² in place. Null: none.</param>
    /// <param name="offsets">Each tensor's first element in <paramref name="weights"/>.</param>
    /// <returns>The scales of each tensor of the group, in its order.</returns>
    public static IReadOnlyList<TensorScales?> Normalize(ParameterGroup group, PrunedPositions pruned, float[] values, float[]? weights,
        IReadOnlyDictionary<string, long> offsets, ScaleMode mode, IReadOnlyDictionary<string, int?> axes, IReadOnlyDictionary<string, double>? shares = null)
    {
        var scales = new List<TensorScales?>(group.Tensors.Count);
        long at = 0;
        foreach (ParameterTensor tensor in group.Tensors)
        {
            bool[]? kept = pruned.Of(tensor)?.Kept;
            // A finer share of a fixed-step grid (GridShares); a counted grid would stretch its range over the enlarged values instead.
            double share = shares?.GetValueOrDefault(tensor.Name, 1) ?? 1;
            TensorScales s = ScaleNormalization.Stored(mode, tensor.Values, tensor.Dims, axes.GetValueOrDefault(tensor.Name), share, kept);
            scales.Add(s);
            Span<float> tensorWeights = weights == null ? [] : weights.AsSpan((int)offsets[tensor.Name], (int)tensor.ElementCount);
            if (kept == null)
            {
                ScaleNormalization.Normalize(values.AsSpan((int)at, (int)tensor.ElementCount), tensorWeights, tensor.Dims, s);
                at += tensor.ElementCount;
                continue;
            }
            // Kept values lose their channel positions once gathered: normalise a dense copy (pruned zeros stay 0), gather again.
            var dense = (float[])tensor.Values.Clone();
            ScaleNormalization.Normalize(dense, tensorWeights, tensor.Dims, s);
            for (int i = 0; i < dense.Length; i++)
                if (kept[i]) values[at++] = dense[i];
        }
        return scales;
    }

    /// <summary>
    /// Values normalised by <paramref name="scales"/> (kept values of one tensor, in order) multiplied back in place: w = w'·s.
    /// A pruned tensor's are spread to their positions first (pruned ones 0), so the result is dense.
    /// </summary>
    public static float[] Denormalized(ReadOnlySpan<float> keptValues, ParameterTensor tensor, bool[]? kept, TensorScales scales)
    {
        float[] dense;
        if (kept == null) dense = keptValues.ToArray();
        else
        {
            dense = new float[tensor.ElementCount];
            int next = 0;
            for (int i = 0; i < dense.Length; i++)
                if (kept[i]) dense[i] = keptValues[next++];
        }
        ScaleNormalization.Denormalize(dense, tensor.Dims, scales);
        return dense;
    }
}
