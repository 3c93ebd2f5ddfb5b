namespace Quantize.Core.Coding;

/// <summary>
/// Huffman-coded gap symbols of one tensor, with the bit counts that eq. 1's denominator itemises.
/// </summary>
public sealed class CodedGaps
{
    private readonly byte[] _bytes;
    private readonly int[] _codeLengths;

    internal CodedGaps(byte[] bytes, long indexBits, int[] codeLengths, long tableBits, int gapCount)
    {
        _bytes = bytes;
        IndexBits = indexBits;
        _codeLengths = codeLengths;
        TableBits = tableBits;
        GapCount = gapCount;
    }

    /// <summary>The codewords, MSB first; the last byte is zero-padded past <see cref="IndexBits"/>.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Bits of the coded gaps: sum over gaps of their codeword length.</summary>
    public long IndexBits { get; }

    /// <summary>Codeword length of every gap symbol 0..2^b - 1; 0 for symbols that never occur.</summary>
    public ReadOnlySpan<int> CodeLengths => _codeLengths;

    /// <summary>
    /// Bits of the gap code's lookup table, counted as eq. 1 counts the weight table's codewords:
    /// the sum of the code lengths. The symbols themselves are implicit (0..2^b - 1), so no value
    /// term is added.
    /// </summary>
    public long TableBits { get; }

    /// <summary>Number of coded gaps (kept entries plus fillers).</summary>
    public int GapCount { get; }
}
