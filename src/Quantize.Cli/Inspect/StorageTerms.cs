namespace Quantize.Cli.Inspect;

/// <summary>
/// Eq. (1) over the whole container, named as in the compress report: table bits are the codeword (or ANS)
/// tables plus 32 bits per shared value; index bits are the positions of pruned tensors and their gap code tables.
/// </summary>
public sealed record StorageTerms(long Parameters, long OriginalBits, long WeightBits, long CodewordTableBits, long SharedValueBits,
    long TableBits, long TotalBits, double CompressionRatio, long IndexBits, long IndexTableBits)
{
    /// <summary>Bits of the stored scales of scale normalisation, as stored (float32, or packed: docs/format.md, section 9c).</summary>
    public long ScaleBits { get; init; }

    /// <summary>How many scales the container stores, over all tensors.</summary>
    public long Scales { get; init; }

    /// <summary>Learned tensors kept exact in the skeleton (compress --keep), 32 bits per parameter.</summary>
    public long ExemptBits { get; init; }
}
