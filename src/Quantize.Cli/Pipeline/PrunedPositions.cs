using Quantize.Core.Clustering;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The pruned tensors of a model (by <see cref="PruningRule"/>) with the gap widths of their positions, and the kept values
/// and importance weights the quantizers see. Quantizers only ever see the kept values.
/// </summary>
public sealed class PrunedPositions
{
    readonly Dictionary<string, PrunedTensor> pruned;
    readonly Dictionary<string, long> offsets;

    PrunedPositions(Dictionary<string, PrunedTensor> pruned, Dictionary<string, long> offsets)
    {
        this.pruned = pruned;
        this.offsets = offsets;
    }

    /// <summary>Pruned parameters of the whole model; 0 for a dense model.</summary>
    public long PrunedCount => pruned.Values.Sum(p => p.Kept.LongLength - p.KeptCount);

    /// <summary>
    /// The pruned tensors of <paramref name="parameters"/> with their gap widths: Deep Compression's per-layer-type
    /// widths, convolution or fully connected by the node that consumes the tensor; other layers use the convolution width.
    /// </summary>
    public static PrunedPositions Find(ModelProto model, IReadOnlyList<ParameterTensor> parameters,
        int convGapBits = PruningRule.DefaultConvGapBits, int fcGapBits = PruningRule.DefaultFcGapBits)
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
            int gapBits = kinds[tensor.Name] == LayerKind.FullyConnected ? fcGapBits : convGapBits;
            if (PruningRule.Of(tensor, gapBits) is { } kept) pruned[tensor.Name] = kept;
        }
        return new PrunedPositions(pruned, offsets);
    }

    public PrunedTensor? Of(ParameterTensor tensor) => pruned.GetValueOrDefault(tensor.Name);

    /// <summary>
    /// The kept values of <paramref name="tensors"/>, concatenated, and their importance weights sliced from
    /// <paramref name="weights"/> (one per parameter of the model, in model order; null = all ones).
    /// </summary>
    public (float[] Values, float[] Weights) Kept(IReadOnlyList<ParameterTensor> tensors, float[]? weights) =>
        (KeptValues(tensors), KeptWeights(tensors, weights));

    /// <summary>
    /// The kept values of <paramref name="tensors"/>, concatenated. A single dense tensor is returned as it is
    /// (no copy: nobody writes to quantizer input), so a one-tensor model is not held twice.
    /// </summary>
    public float[] KeptValues(IReadOnlyList<ParameterTensor> tensors)
    {
        if (tensors.Count == 1 && Of(tensors[0]) == null) return tensors[0].Values;
        var values = new float[tensors.Sum(t => Of(t)?.KeptCount ?? t.ElementCount)];
        long at = 0;
        foreach (ParameterTensor tensor in tensors)
            at += Gather(tensor.Values, Of(tensor)?.Kept, values.AsSpan((int)at));
        return values;
    }

    /// <summary>The importance weights of the kept values of <paramref name="tensors"/>, as <see cref="KeptValues"/> concatenates them; null <paramref name="weights"/> = all ones.</summary>
    public float[] KeptWeights(IReadOnlyList<ParameterTensor> tensors, float[]? weights)
    {
        var kept = new float[tensors.Sum(t => Of(t)?.KeptCount ?? t.ElementCount)];
        if (weights == null)
        {
            kept.AsSpan().Fill(1f);
            return kept;
        }
        long at = 0;
        foreach (ParameterTensor tensor in tensors)
            at += Gather(weights.AsSpan((int)offsets[tensor.Name], (int)tensor.ElementCount), Of(tensor)?.Kept, kept.AsSpan((int)at));
        return kept;
    }

    // Copies the elements of source that mask keeps (all when null) to the start of destination; returns how many.
    static int Gather(ReadOnlySpan<float> source, bool[]? mask, Span<float> destination)
    {
        if (mask == null)
        {
            source.CopyTo(destination);
            return source.Length;
        }
        int n = 0;
        for (int i = 0; i < source.Length; i++)
            if (mask[i]) destination[n++] = source[i];
        return n;
    }

    /// <summary>
    /// The group with its dense tensors' values let go (<see cref="ParameterTensor.WithoutValues"/>), once
    /// <see cref="KeptValues"/> copied them: later steps read only their names and shapes. Pruned tensors keep their
    /// values, from which <see cref="KeptCount"/> is read.
    /// </summary>
    public ParameterGroup WithoutDenseValues(ParameterGroup group) =>
        group with { Tensors = group.Tensors.Select(t => Of(t) == null ? t.WithoutValues() : t).ToList() };

    /// <summary>The group as the container codes it: kept values quantized, pruned ones stored as <paramref name="storage"/> says.</summary>
    public CodedGroup Code(IReadOnlyList<ParameterTensor> tensors, Quantization quantization, SymbolCoding coding, PrunedStorage storage) =>
        new(tensors, quantization, coding) { Pruned = tensors.Select(Of).ToList(), Storage = storage };
}
