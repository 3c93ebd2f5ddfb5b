using Quantize.Core.Coding;

namespace Quantize.Core.Accounting;

/// <summary>Compression ratio of a quantized network, eq. (1) of Choi et al. 2017, term by term.</summary>
public static class CompressionAccounting
{
    /// <summary>Itemises eq. (1).</summary>
    /// <param name="parameterCount">N: every original parameter, pruned or not.</param>
    /// <param name="clusterSizes">|C_j| for each of the k clusters; k counts every entry, empty or not.</param>
    /// <param name="codewordLengths">b_j for each cluster (Huffman lengths, or ceil(log2 k) for fixed-length codes).</param>
    /// <param name="bitsPerParameter">b: bits of one original parameter.</param>
    /// <param name="bitsPerSharedValue">Bits of one shared value c_j in the table.</param>
    /// <param name="indexBits">Coded positions of unpruned parameters.</param>
    /// <param name="indexTableBits">Table that decodes those positions.</param>
    /// <param name="scaleBits">Stored scales of scale normalisation (<see cref="CompressionBreakdown.ScaleBits"/>).</param>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, a count or size is negative, or more parameters are coded than exist.
    /// </exception>
    public static CompressionBreakdown Compute(
        long parameterCount,
        ReadOnlySpan<long> clusterSizes,
        ReadOnlySpan<int> codewordLengths,
        int bitsPerParameter = 32,
        int bitsPerSharedValue = 32,
        long indexBits = 0,
        long indexTableBits = 0,
        long scaleBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(bitsPerParameter);
        ArgumentOutOfRangeException.ThrowIfNegative(bitsPerSharedValue);
        ArgumentOutOfRangeException.ThrowIfNegative(indexBits);
        ArgumentOutOfRangeException.ThrowIfNegative(indexTableBits);
        if (clusterSizes.Length != codewordLengths.Length)
        {
            throw new ArgumentException(
                $"{clusterSizes.Length} cluster sizes but {codewordLengths.Length} codeword lengths.",
                nameof(codewordLengths));
        }

        long coded = 0, weightBits = 0, codewordTableBits = 0;
        for (int j = 0; j < clusterSizes.Length; j++)
        {
            long size = clusterSizes[j];
            int length = codewordLengths[j];
            if (size < 0 || length < 0)
            {
                throw new ArgumentException($"Cluster {j} has a negative size or codeword length.", nameof(clusterSizes));
            }

            coded = checked(coded + size);
            weightBits = checked(weightBits + size * length);
            codewordTableBits += length;
        }

        if (coded > parameterCount)
        {
            throw new ArgumentException(
                $"The clusters hold {coded} parameters, more than the {parameterCount} of the model.",
                nameof(clusterSizes));
        }

        return FromCodedBits(parameterCount, clusterSizes.Length, weightBits, codewordTableBits, bitsPerParameter,
            bitsPerSharedValue, indexBits, indexTableBits, codedParameterCount: coded, scaleBits: scaleBits);
    }

    /// <summary>
    /// Eq. (1) from bits already counted in a written file: the coded streams (Σ|C_j|·b_j) and their code
    /// tables (Σ b_j for prefix codes; an ANS frequency table has no per-cluster lengths, only a size).
    /// <paramref name="codedParameterCount"/> defaults to N: every parameter coded (no pruning).
    /// <paramref name="sharedValueBits"/>, where given, is what the shared values take as stored (a grid's levels take
    /// fewer than <paramref name="bitsPerSharedValue"/> each); null: k·<paramref name="bitsPerSharedValue"/>.
    /// </summary>
    public static CompressionBreakdown FromCodedBits(
        long parameterCount,
        int clusterCount,
        long weightBits,
        long codewordTableBits,
        int bitsPerParameter = 32,
        int bitsPerSharedValue = 32,
        long indexBits = 0,
        long indexTableBits = 0,
        long? codedParameterCount = null,
        long scaleBits = 0,
        long? sharedValueBits = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(clusterCount);
        ArgumentOutOfRangeException.ThrowIfNegative(weightBits);
        ArgumentOutOfRangeException.ThrowIfNegative(codewordTableBits);
        ArgumentOutOfRangeException.ThrowIfNegative(scaleBits);
        if (sharedValueBits is { } shared) ArgumentOutOfRangeException.ThrowIfNegative(shared, nameof(sharedValueBits));
        return new CompressionBreakdown(
            ParameterCount: parameterCount,
            CodedParameterCount: codedParameterCount ?? parameterCount, // fewer than N once pruned positions are skipped
            ClusterCount: clusterCount,
            OriginalBits: checked(parameterCount * bitsPerParameter),
            WeightBits: weightBits,
            CodewordTableBits: codewordTableBits,
            SharedValueBits: sharedValueBits ?? (long)clusterCount * bitsPerSharedValue,
            IndexBits: indexBits,
            IndexTableBits: indexTableBits) { ScaleBits = scaleBits };
    }

    /// <summary>Eq. (1) for a fixed-length code: every b_j is ceil(log2 k), at least 1 (see <see cref="FixedLengthCode"/>).</summary>
    public static CompressionBreakdown ComputeFixedLength(
        long parameterCount,
        ReadOnlySpan<long> clusterSizes,
        int bitsPerParameter = 32,
        int bitsPerSharedValue = 32,
        long indexBits = 0,
        long indexTableBits = 0,
        long scaleBits = 0)
    {
        int k = clusterSizes.Length;
        var lengths = new int[k];
        if (k > 0)
        {
            Array.Fill(lengths, FixedLengthCode.BitsPerSymbol(k));
        }

        return Compute(parameterCount, clusterSizes, lengths, bitsPerParameter, bitsPerSharedValue, indexBits, indexTableBits, scaleBits);
    }
}
