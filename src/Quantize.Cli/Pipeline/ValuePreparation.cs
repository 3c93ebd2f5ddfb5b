using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Splits the parameters into codebook groups (all at once, or per layer), finds the pruned positions and gathers each
/// group's kept values. The parameters' dense values are let go here once copied: the caller's scope ends with this
/// stage, so a large model's values are held once, not twice, while it is quantized.
/// </summary>
public static class ValuePreparation
{
    public static PreparedValues Run(ModelProto model, IReadOnlyList<ParameterTensor> parameters, ImportanceWeights importance, bool perLayer,
        int convGapBits, int fcGapBits)
    {
        IReadOnlyList<ParameterGroup> groups = perLayer ? ParameterGrouping.PerLayer(model, parameters) : ParameterGrouping.AllAtOnce(parameters);
        PrunedPositions pruned = PrunedPositions.Find(model, parameters, convGapBits, fcGapBits);
        List<float[]> values = groups.Select(g => pruned.KeptValues(g.Tensors)).ToList();
        return new PreparedValues(groups.Select(pruned.WithoutDenseValues).ToList(), pruned, values, importance);
    }
}
