using Quantize.Format.Onnx;

namespace Quantize.Format.Container;

/// <summary>
/// Which parameters a container stores as pruned (docs/format.md, section 9b): an element is pruned when it is exactly
/// zero (±0) in a tensor of rank ≥ 2 (a weight, the tensors <c>quantize prune</c> prunes) at least
/// <see cref="MinPrunedFraction"/> of whose elements are zero. Biases and weights with fewer zeros are dense: an
/// unpruned model stores no positions, even where a few weights happen to be exactly 0.
/// </summary>
public static class PruningRule
{
    /// <summary>Deep Compression's gap widths: 8 bits in convolution (and other) layers, 5 in fully connected ones.</summary>
    public const int DefaultConvGapBits = 8;

    public const int DefaultFcGapBits = 5;

    /// <summary>
    /// Positions cost at least one bit per kept weight (a Huffman codeword per gap), which only pays when a fair
    /// share of the tensor is zero; below this share the odd exact zero is quantized like any other value.
    /// </summary>
    public const double MinPrunedFraction = 0.1;

    public static bool IsPruned(ParameterTensor tensor) =>
        tensor.Dims.Length >= 2 && HasZero(tensor.Values) && ZeroCount(tensor.Values) >= MinPrunedFraction * tensor.ElementCount;

    /// <summary>Elements of <paramref name="tensor"/> that the rule does not prune.</summary>
    public static long KeptCount(ParameterTensor tensor) =>
        IsPruned(tensor) ? tensor.ElementCount - ZeroCount(tensor.Values) : tensor.ElementCount;

    /// <summary>The kept elements of a pruned tensor, with the gap width its positions are coded with; null for a dense tensor.</summary>
    public static PrunedTensor? Of(ParameterTensor tensor, int gapBits) =>
        IsPruned(tensor) ? new PrunedTensor(tensor.Values.Select(v => v != 0).ToArray(), gapBits) : null;

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
}
