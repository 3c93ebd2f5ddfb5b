using Quantize.Core.Accounting;
using Quantize.Core.Scaling;
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
        (float[], float[]) buffers = (new float[Chunk], new float[Chunk]);
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
                ReadOnlySpan<int> labels = assignment.AsSpan(at, count);
                TensorScales? scales = group.Group.Scales?[t];
                at += count;
                if (scales != null && kept != null)
                {
                    // Pruned positions are 0 in both, so the dense error is the kept values' error.
                    var restored = new float[count];
                    for (int i = 0; i < count; i++) restored[i] = centers[labels[i]];
                    errors.Add(ReconstructionError.Of(GroupScaling.Denormalized(original, tensor, kept, scales), GroupScaling.Denormalized(restored, tensor, kept, scales)));
                }
                else
                {
                    errors.Add(Chunked(original, labels, centers, tensor.Dims, scales, buffers));
                }
            }
        }
        return errors;
    }

    // The error of a dense tensor a chunk at a time: two small buffers instead of the tensor's restored values (and, when
    // scaled, both denormalised copies) per tensor, which on a 2.3 GB model were gigabytes of garbage at once.
    static ReconstructionError Chunked(ReadOnlySpan<float> original, ReadOnlySpan<int> labels, float[] centers, long[] dims, TensorScales? scales,
        (float[] Original, float[] Restored) buffers)
    {
        double signal = 0, noise = 0;
        for (int done = 0; done < original.Length; done += Chunk)
        {
            int length = Math.Min(Chunk, original.Length - done);
            Span<float> before = buffers.Original.AsSpan(0, length), after = buffers.Restored.AsSpan(0, length);
            original.Slice(done, length).CopyTo(before);
            for (int i = 0; i < length; i++) after[i] = centers[labels[done + i]];
            if (scales != null)
            {
                ScaleNormalization.Denormalize(before, done, dims, scales);
                ScaleNormalization.Denormalize(after, done, dims, scales);
            }
            // The sums of ReconstructionError.Of, in the same order, so the report's figures stay bit for bit what they were.
            for (int i = 0; i < length; i++)
            {
                double w = before[i];
                double e = (double)after[i] - w;
                signal += w * w;
                noise += e * e;
            }
        }
        return ReconstructionError.FromEnergies(signal, noise);
    }

    const int Chunk = 1 << 16;
}
