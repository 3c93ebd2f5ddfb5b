using Quantize.Core.Scaling;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Splits the parameters into codebook groups (all at once, or per layer), finds the pruned positions and gathers each
/// group's kept values, normalised by their scales under <c>--scale</c> (<see cref="GroupScaling"/>; with a fixed-step grid,
/// times each tensor's share of it, <see cref="GridShares"/>). The parameters'
/// dense values are let go here once copied: the caller's scope ends with this stage, so a large model's values are held
/// once, not twice, while it is quantized.
/// </summary>
public static class ValuePreparation
{
    public static PreparedValues Run(ModelProto model, IReadOnlyList<ParameterTensor> parameters, ImportanceWeights importance, bool perLayer,
        int convGapBits, int fcGapBits, ScaleMode scale = ScaleMode.None, IReadOnlyDictionary<string, double>? shares = null)
    {
        IReadOnlyList<ParameterGroup> groups = perLayer ? ParameterGrouping.PerLayer(model, parameters) : ParameterGrouping.AllAtOnce(parameters);
        PrunedPositions pruned = PrunedPositions.Find(model, parameters, convGapBits, fcGapBits);
        List<float[]> values = groups.Select(g => pruned.KeptValues(g.Tensors)).ToList();
        if (scale != ScaleMode.None)
        {
            (groups, importance) = Normalize(model, parameters, groups, pruned, values, importance, scale, shares);
        }
        return new PreparedValues(groups.Select(pruned.WithoutDenseValues).ToList(), pruned, values, importance);
    }

    static (IReadOnlyList<ParameterGroup>, ImportanceWeights) Normalize(ModelProto model, IReadOnlyList<ParameterTensor> parameters,
        IReadOnlyList<ParameterGroup> groups, PrunedPositions pruned, List<float[]> values, ImportanceWeights importance, ScaleMode scale,
        IReadOnlyDictionary<string, double>? shares)
    {
        Dictionary<string, int?> axes = ChannelAxes.Of(model);
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        long offset = 0;
        foreach (ParameterTensor parameter in parameters)
        {
            offsets[parameter.Name] = offset;
            offset += parameter.ElementCount;
        }
        // The weights are the importance stage's; scaled here on a copy. Without weights there stay none (all ones on w/s).
        float[]? weights = importance.Values is { } given ? (float[])given.Clone() : null;
        var scaled = new List<ParameterGroup>(groups.Count);
        for (int g = 0; g < groups.Count; g++)
        {
            ParameterGroup group = groups[g];
            // A single dense tensor's kept values are its own array (KeptValues does not copy): normalise a copy.
            if (group.Tensors.Count == 1 && ReferenceEquals(values[g], group.Tensors[0].Values)) values[g] = (float[])values[g].Clone();
            scaled.Add(group with { Scales = GroupScaling.Normalize(group, pruned, values[g], weights, offsets, scale, axes, shares) });
        }
        return (scaled, importance with { Values = weights });
    }
}
