namespace Quantize.Format.Container;

/// <summary>Bounds a reader enforces before it allocates anything a file declares (docs/format.md, "Limits").</summary>
public static class NqzLimits
{
    public const uint FormatVersion = 1;
    public const long MaxFileBytes = int.MaxValue;
    public const int MaxCodebookSize = 1 << 20;
    public const int MaxCodeLength = 32;
    public const int MaxTensorRank = 16;

    /// <summary>
    /// ANS can code a very skewed source in far less than a bit per symbol; a codebook may still declare at
    /// most this many symbols per stream bit, so allocations stay proportional to the file size.
    /// </summary>
    public const int MaxAnsSymbolsPerBit = 64;

    /// <summary>Decoded indices of one codebook live in one array.</summary>
    public const long MaxSymbolsPerCodebook = int.MaxValue;

    /// <summary>The 8-byte signature: a non-ASCII first byte and CR LF / Ctrl-Z / LF catch text-mode damage, as in PNG.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'N', (byte)'Q', (byte)'Z', 0x0D, 0x0A, 0x1A, 0x0A];
}
