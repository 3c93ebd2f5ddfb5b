using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Which parameters are pruned, and how their tensors are laid out in the container. The rule
/// (docs/format.md, section 9b): an element is pruned when it is exactly zero (±0) in a tensor of rank ≥ 2
/// (a weight, the tensors <c>quantize prune</c> prunes) at least <see cref="MinPrunedFraction"/> of whose
/// elements are zero. Biases and weights with fewer zeros are dense: an unpruned model stores no positions,
/// even where a few weights happen to be exactly 0. Quantizers only ever see the kept values.
/// </summary>
public sealed class PrunedPositions
{
    public const int DefaultConvGapBits = 8;
    public const int DefaultFcGapBits = 5;

    /// <summary>
    /// Positions cost at least one bit per kept weight (a Huffman codeword per gap), which only pays when a fair
    /// share of the tensor is zero; below this share the odd exact zero is quantized like any other value.
    /// </summary>
    public const double MinPrunedFraction = 0.1;

    readonly Dictionary<string, PrunedTensor> pruned;
    readonly Dictionary<string, long> offsets;

    PrunedPositions(Dictionary<string, PrunedTensor> pruned, Dictionary<string, long> offsets)
    {
        this.pruned = pruned;
        this.offsets = offsets;
    }

    /// <summary>Pruned parameters of the whole model; 0 for a dense model.</summary>
    public long PrunedCount => pruned.Values.Sum(p => p.Kept.LongLength - p.KeptCount);

    public static bool IsPrunedTensor(ParameterTensor tensor) =>
        tensor.Dims.Length >= 2 && HasZero(tensor.Values) && ZeroCount(tensor.Values) >= MinPrunedFraction * tensor.ElementCount;

    /// <summary>Elements of <paramref name="tensor"/> that the rule does not prune.</summary>
    public static long KeptCount(ParameterTensor tensor) =>
        IsPrunedTensor(tensor) ? tensor.ElementCount - ZeroCount(tensor.Values) : tensor.ElementCount;

    // Plain loops over spans: these run over every weight of the model, where LINQ's enumerators cost seconds at 100M.
    static bool HasZero(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            if (v == 0) return true;
        return false;
    }

    static long ZeroCount(ReadOnlySpan<float> values)
    {
        long zeros = 0;
        foreach (float v in values)
            if (v == 0) zeros++;
        return zeros;
    }

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
