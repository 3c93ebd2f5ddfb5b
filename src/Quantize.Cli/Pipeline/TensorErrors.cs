using Quantize.Core.Accounting;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// How far each tensor's restored kept values are from the originals (relative L2, SQNR), measured while the values still
/// exist: the quantized values c (times the scales, where the group was scaled) against the kept values. One per tensor,
/// in group and tensor order, as the container and the report's layers list them.
/// </summary>
public static class TensorErrors
{
    public static IReadOnlyList<ReconstructionError> Of(IReadOnlyList<GroupQuantization> groups, PrunedPositions pruned)
    {
        var errors = new List<ReconstructionError>();
        foreach (GroupQuantization group in groups)
        {
            float[] centers = group.Quantization.Centers;
            int[] assignment = group.Quantization.Assignment;
            IReadOnlyList<ParameterTensor> tensors = group.Group.Tensors;
            int at = 0;
            for (int t = 0; t < tensors.Count; t++)
            {
                ParameterTensor tensor = tensors[t];
                bool[]? kept = pruned.Of(tensor)?.Kept;
                int count = (int)(pruned.Of(tensor)?.KeptCount ?? tensor.ElementCount);
                ReadOnlySpan<float> original = group.Values.AsSpan(at, count);
                var restored = new float[count];
                for (int i = 0; i < count; i++) restored[i] = centers[assignment[at + i]];
                at += count;
                errors.Add(group.Group.Scales?[t] is { } scales
                    // Pruned positions are 0 in both, so the dense error is the kept values' error.
                    ? ReconstructionError.Of(GroupScaling.Denormalized(original, tensor, kept, scales), GroupScaling.Denormalized(restored, tensor, kept, scales))
                    : ReconstructionError.Of(original, restored));
            }
        }
        return errors;
    }
}
