namespace Quantize.Cli.Inspect;

/// <summary>
/// One quantized tensor of a container. Bits per parameter is its codebook stream's average (stream bits /
/// symbols), since one stream is shared by every tensor of the codebook; sparsity is measured after decoding.
/// A pruned tensor stored with positions has their gap width, coded bits and gap code table bits; a dense one null, 0, 0.
/// </summary>
public sealed record TensorEntry(string Name, long[] Shape, long Parameters, int Codebook, int Clusters, string Coding,
    double BitsPerParameter, double Sparsity, int? GapBits, long IndexBits, long IndexTableBits)
{
    /// <summary>Scales stored for the tensor (docs/format.md, section 9c): one, one per channel, or 0 where it has none.</summary>
    public long Scales { get; init; }

    /// <summary>Bits eq. (1) counts for those scales: 32 each in the float form; the header and w bits each when packed.</summary>
    public long ScaleBits { get; init; }

    /// <summary>The decoded values against the original model's (inspect --original); null when no original was given.</summary>
    public Core.Accounting.ReconstructionError? Error { get; init; }
}
