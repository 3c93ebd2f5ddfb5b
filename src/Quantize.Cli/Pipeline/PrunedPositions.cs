using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Which parameters are pruned, and how their tensors are laid out in the container. The rule
/// (docs/format.md, section 9b): an element is pruned when it is exactly zero (±0) in a tensor of rank ≥ 2
/// (a weight, the tensors <c>quantize prune</c> prunes). Biases and weights without a zero are dense: an
/// unpruned model stores no positions at all. Quantizers only ever see the kept values.
/// </summary>
public sealed class PrunedPositions
{
    public const int DefaultConvGapBits = 8;
    public const int DefaultFcGapBits = 5;

    readonly Dictionary<string, PrunedTensor> pruned;
    readonly Dictionary<string, long> offsets;

    PrunedPositions(Dictionary<string, PrunedTensor> pruned, Dictionary<string, long> offsets)
    {
        this.pruned = pruned;
        this.offsets = offsets;
    }

    /// <summary>Pruned parameters of the whole model; 0 for a dense model.</summary>
    public long PrunedCount => pruned.Values.Sum(p => p.Kept.LongLength - p.KeptCount);

    public static bool IsPrunedTensor(ParameterTensor tensor) => tensor.Dims.Length >= 2 && tensor.Values.Any(v => v == 0);

    /// <summary>Elements of <paramref name="tensor"/> that the rule does not prune.</summary>
    public static long KeptCount(ParameterTensor tensor) =>
        IsPrunedTensor(tensor) ? tensor.Values.LongCount(v => v != 0) : tensor.ElementCount;

    /// <summary>
    /// The pruned tensors of <paramref name="parameters"/> with their gap widths: Deep Compression's per-layer-type
    /// widths, convolution or fully connected by the node that consumes the tensor; other layers use the convolution width.
    /// </summary>
    public static PrunedPositions Find(ModelProto model, IReadOnlyList<ParameterTensor> parameters,
        int convGapBits = DefaultConvGapBits, int fcGapBits = DefaultFcGapBits)
    {
        var kinds = new Dictionary<string, LayerKind>(StringComparer.Ordinal);
        foreach (ParameterGroup layer in ParameterGrouping.PerLayer(model, parameters))
            foreach (ParameterTensor tensor in layer.Tensors) kinds[tensor.Name] = layer.Kind;

        var pruned = new Dictionary<string, PrunedTensor>(StringComparer.Ordinal);
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        long offset = 0;
        foreach (ParameterTensor tensor in parameters)
        {
            offsets[tensor.Name] = offset;
            offset += tensor.ElementCount;
            if (!IsPrunedTensor(tensor)) continue;
            int gapBits = kinds[tensor.Name] == LayerKind.FullyConnected ? fcGapBits : convGapBits;
            pruned[tensor.Name] = new PrunedTensor(tensor.Values.Select(v => v != 0).ToArray(), gapBits);
        }
        return new PrunedPositions(pruned, offsets);
    }

    public PrunedTensor? Of(ParameterTensor tensor) => pruned.GetValueOrDefault(tensor.Name);

    /// <summary>
    /// The kept values of <paramref name="tensors"/>, concatenated, and their importance weights sliced from
    /// <paramref name="weights"/> (one per parameter of the model, in model order; null = all ones).
    /// </summary>
    public (float[] Values, float[] Weights) Kept(IReadOnlyList<ParameterTensor> tensors, float[]? weights)
    {
        var values = new List<float>();
        var kept = new List<float>();
        foreach (ParameterTensor tensor in tensors)
        {
            bool[]? mask = Of(tensor)?.Kept;
            long offset = offsets[tensor.Name];
            for (int i = 0; i < tensor.Values.Length; i++)
            {
                if (mask != null && !mask[i]) continue;
                values.Add(tensor.Values[i]);
                kept.Add(weights == null ? 1f : weights[offset + i]);
            }
        }
        return (values.ToArray(), kept.ToArray());
    }

    /// <summary>The group as the container codes it: kept values quantized, pruned ones stored as <paramref name="storage"/> says.</summary>
    public CodedGroup Code(IReadOnlyList<ParameterTensor> tensors, Quantization quantization, SymbolCoding coding, PrunedStorage storage) =>
        new(tensors, quantization, coding) { Pruned = tensors.Select(Of).ToList(), Storage = storage };
}
