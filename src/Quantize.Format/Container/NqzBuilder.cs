using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// Assembles a container from a model and its quantized parameter groups: one codebook per group,
/// whose stream holds the indices of the group's tensors in order. Quantizing all layers at once is one
/// group; layer-by-layer quantization is one group per layer. Pruned tensors are stored as
/// <see cref="CodedGroup.Storage"/> says; where a zero must be coded (fillers, or the zero cluster) the
/// codebook gets one more value, exactly 0, after the quantization's centers.
/// </summary>
public static class NqzBuilder
{
    /// <summary>All parameters quantized at once: a single codebook.</summary>
    public static NqzBody Build(ModelProto model, IReadOnlyList<ParameterTensor> parameters, Quantization quantization,
        SymbolCoding coding, Settings settings, string producer) =>
        Build(model, [new CodedGroup(parameters, quantization, coding)], settings, producer);

    public static NqzBody Build(ModelProto model, IReadOnlyList<CodedGroup> groups, Settings settings, string producer)
    {
        var body = new NqzBody
        {
            Producer = producer,
            ModelSkeleton = ModelParameters.WithoutData(model, groups.SelectMany(g => g.Tensors).Select(t => t.Name)).ToByteString(),
            Settings = settings,
        };
        foreach (CodedGroup group in groups)
        {
            if (group.Pruned is { } pruned && pruned.Count != group.Tensors.Count)
                throw new ArgumentException($"{pruned.Count} pruning masks for {group.Tensors.Count} tensors");
            if (group.Scales is { } scales && scales.Count != group.Tensors.Count)
                throw new ArgumentException($"{scales.Count} scale sets for {group.Tensors.Count} tensors");
            long kept = group.Tensors.Select((t, i) => PrunedOf(group, i)?.KeptCount ?? t.ElementCount).Sum();
            if (kept != group.Quantization.Assignment.Length)
                throw new ArgumentException($"a quantization covers {group.Quantization.Assignment.Length} values but its tensors keep {kept}");

            var codebook = new Codebook { Coding = group.Coding };
            float[] centers = group.Quantization.Centers;
            uint index = (uint)body.Codebooks.Count;
            if (group.Pruned == null || group.Pruned.All(p => p == null))
            {
                // Every element coded, in order: the symbols are the assignment itself, not a copy of a model's worth of them.
                for (int i = 0; i < group.Tensors.Count; i++) body.Tensors.Add(TensorOf(group.Tensors[i], index, null, ScalesOf(group, i)));
                SharedValues.Store(codebook, centers, group.GridStep);
                CodedIndices.Encode(codebook, group.Quantization.Assignment, [.. group.Tensors.Select(t => t.ElementCount)]);
                body.Codebooks.Add(codebook);
                continue;
            }
            int zero = centers.Length; // index of the extra value 0, used only if some symbol needs it
            var symbols = new List<int>(group.Quantization.Assignment.Length);
            var segments = new long[group.Tensors.Count];
            int next = 0;
            for (int i = 0; i < group.Tensors.Count; i++)
            {
                ParameterTensor parameter = group.Tensors[i];
                int before = symbols.Count;
                QuantizedTensor tensor = TensorOf(parameter, index, null, ScalesOf(group, i));
                AddSymbols(PrunedOf(group, i), group, parameter, tensor, symbols, ref next, zero);
                body.Tensors.Add(tensor);
                segments[i] = symbols.Count - before;
            }
            SharedValues.Store(codebook, symbols.Contains(zero) ? [.. centers, 0f] : centers, group.GridStep);
            CodedIndices.Encode(codebook, symbols.ToArray(), segments);
            body.Codebooks.Add(codebook);
        }
        return body;
    }

    static QuantizedTensor TensorOf(ParameterTensor parameter, uint codebook, Positions? positions, Scales? scales)
    {
        var tensor = new QuantizedTensor { Name = parameter.Name, Codebook = codebook, Positions = positions, Scales = scales };
        tensor.Dims.AddRange(parameter.Dims);
        return tensor;
    }

    static Scales? ScalesOf(CodedGroup group, int tensor)
    {
        if (group.Scales?[tensor] is not { } scales) return null;
        ParameterTensor parameter = group.Tensors[tensor];
        if (parameter.ElementCount == 0) return null; // nothing to scale, and packed scales may not outnumber the elements
        long channels = scales.Axis is { } axis
            ? (axis >= 0 && axis < parameter.Dims.Length ? parameter.Dims[axis] : throw new ArgumentException($"tensor '{parameter.Name}' has no axis {axis}"))
            : 1;
        if (scales.Values.Length != channels)
            throw new ArgumentException($"tensor '{parameter.Name}' has {channels} channels but {scales.Values.Length} scales");
        if (!scales.Values.All(TensorScales.IsValid))
            throw new ArgumentException($"tensor '{parameter.Name}' has a scale that is not a positive normal float");
        return ContainerScales.Store(scales);
    }

    static PrunedTensor? PrunedOf(CodedGroup group, int tensor) => group.Pruned?[tensor];

    // Appends the tensor's codebook symbols and sets its positions or significance flags where not every element is coded.
    static void AddSymbols(PrunedTensor? pruned, CodedGroup group, ParameterTensor parameter, QuantizedTensor tensor, List<int> symbols, ref int next, int zero)
    {
        int[] assignment = group.Quantization.Assignment;
        long elementCount = parameter.ElementCount;
        if (pruned is null)
        {
            for (long e = 0; e < elementCount; e++) symbols.Add(assignment[next++]);
            return;
        }
        if (pruned.Kept.LongLength != elementCount)
            throw new ArgumentException($"a pruning mask of {pruned.Kept.Length} elements for a tensor of {elementCount}");
        if (group.Storage == PrunedStorage.ZeroCluster)
        {
            foreach (bool kept in pruned.Kept) symbols.Add(kept ? assignment[next++] : zero);
            return;
        }
        if (group.CodesSignificance && CodedSignificance.Encode(pruned.Kept, parameter.Dims) is { } significance)
        {
            tensor.Significance = significance;
            for (long e = 0; e < (long)significance.KeptCount; e++) symbols.Add(assignment[next++]);
            return;
        }
        (Positions positions, _, bool[] isFiller) = CodedPositions.Encode(pruned.Kept, pruned.GapBits);
        foreach (bool filler in isFiller) symbols.Add(filler ? zero : assignment[next++]);
        tensor.Positions = positions;
    }
}
