namespace Quantize.Core.Accounting;

/// <summary>
/// Every term of the compression ratio of Choi et al. 2017, eq. (1):
/// C = N·b / ( Σ_j (|C_j| + 1)·b_j + k·b ), plus index bits for pruned models.
/// </summary>
/// <param name="ParameterCount">N: every original parameter, pruned or not.</param>
/// <param name="CodedParameterCount">Σ|C_j|: parameters that get a codeword (the unpruned ones).</param>
/// <param name="ClusterCount">k.</param>
/// <param name="OriginalBits">N·b.</param>
/// <param name="WeightBits">Σ|C_j|·b_j: the coded parameters.</param>
/// <param name="CodewordTableBits">Σ b_j: the k codewords of the lookup table (the "+1" of eq. 1).</param>
/// <param name="SharedValueBits">k·b: the shared values of the lookup table.</param>
/// <param name="IndexBits">Coded positions of unpruned parameters; 0 without pruning.</param>
/// <param name="IndexTableBits">Table needed to decode the positions; 0 without pruning.</param>
/// <remarks><see cref="ScaleBits"/>: the per-tensor or per-channel scales of scale normalisation (side information the
/// decoder multiplies back, counted as stored: docs/format.md, section 9c); 0 without scales.</remarks>
public sealed record CompressionBreakdown(
    long ParameterCount,
    long CodedParameterCount,
    int ClusterCount,
    long OriginalBits,
    long WeightBits,
    long CodewordTableBits,
    long SharedValueBits,
    long IndexBits,
    long IndexTableBits)
{
    /// <summary>The lookup table: codewords plus shared values.</summary>
    public long TableBits => CodewordTableBits + SharedValueBits;

    /// <summary>Bits of the stored scales (scale normalisation); 0 without scales. Its own term, so ratios stay honest.</summary>
    public long ScaleBits { get; init; }

    /// <summary>
    /// Bits of the parameters kept exact, not quantized (<c>--keep</c>): 32 per parameter, stored as they were. They count
    /// in <see cref="OriginalBits"/> too, so exempting a tensor lowers the ratio by what it really costs.
    /// </summary>
    public long ExemptBits { get; init; }

    /// <summary>The denominator of eq. (1), with index bits, scale bits and exempt parameters added.</summary>
    public long TotalBits => WeightBits + TableBits + IndexBits + IndexTableBits + ScaleBits + ExemptBits;

    /// <summary>OriginalBits / TotalBits (infinite when nothing is stored).</summary>
    public double Ratio => (double)OriginalBits / TotalBits;

    /// <summary>WeightBits per coded parameter; 0 when nothing is coded.</summary>
    public double AverageCodewordBits => CodedParameterCount == 0 ? 0 : (double)WeightBits / CodedParameterCount;
}
