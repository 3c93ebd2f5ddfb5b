namespace Quantize.Cli.Inspect;

/// <summary>
/// Eq. (1) over the whole container, named as in the compress report: table bits are the codeword (or ANS)
/// tables plus 32 bits per shared value; index bits are the positions of pruned tensors and their gap code tables.
/// </summary>
public sealed record StorageTerms(long Parameters, long OriginalBits, long WeightBits, long CodewordTableBits, long SharedValueBits,
    long TableBits, long TotalBits, double CompressionRatio, long IndexBits, long IndexTableBits);
