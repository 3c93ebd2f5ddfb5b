namespace Quantize.Core.Coding;

/// <summary>
/// Huffman-codes the gap symbols of <see cref="RelativeIndexing"/> with a canonical code over all
/// 2^b symbols, so a file stores the code as 2^b lengths (most of them 0 for sparse gap use).
/// </summary>
public static class GapCoder
{
    /// <summary>Codes <paramref name="gaps"/> with the optimal code for their own histogram.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="gapBits"/> is outside 1..16 or a gap is outside 0..2^b - 1.
    /// </exception>
    public static CodedGaps Encode(ReadOnlySpan<int> gaps, int gapBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gapBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gapBits, RelativeIndexing.MaxGapBits);
        int symbolCount = 1 << gapBits;
        var frequencies = new long[symbolCount];
        for (int i = 0; i < gaps.Length; i++)
        {
            int gap = gaps[i];
            if ((uint)gap >= (uint)symbolCount)
            {
                ThrowHelper.SymbolOutOfRange(gap, symbolCount, i);
            }

            frequencies[gap]++;
        }

        var code = CanonicalHuffmanCode.FromFrequencies(frequencies);
        var writer = new BitWriter();
        HuffmanEncoder.Encode(code, gaps, writer);

        long tableBits = 0;
        foreach (int length in code.Lengths)
        {
            tableBits += length;
        }

        return new CodedGaps(writer.ToArray(), writer.BitLength, code.Lengths.ToArray(), tableBits, gaps.Length);
    }

    /// <summary>
    /// Decodes <paramref name="gapCount"/> gaps from the first <paramref name="bitLength"/> bits of
    /// <paramref name="bytes"/>, all of which must be used. Every argument may come from an
    /// untrusted file.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// <paramref name="gapBits"/> is outside 1..16, there are not 2^b code lengths or they are no
    /// prefix code, the bit length or gap count is impossible, the stream is truncated or corrupt,
    /// or bits are left over.
    /// </exception>
    public static int[] Decode(
        ReadOnlyMemory<byte> bytes, long bitLength, ReadOnlySpan<int> codeLengths, int gapCount, int gapBits)
    {
        if (gapBits < 1 || gapBits > RelativeIndexing.MaxGapBits)
        {
            ThrowHelper.GapBitsOutOfRange(gapBits, RelativeIndexing.MaxGapBits);
        }

        if (codeLengths.Length != 1 << gapBits)
        {
            ThrowHelper.GapCodeLengthCount(codeLengths.Length, gapBits);
        }

        if (bitLength < 0 || bitLength > (long)bytes.Length * 8)
        {
            ThrowHelper.GapStreamBitLength(bitLength, bytes.Length);
        }

        // Every codeword takes at least one bit, so the bit length bounds the allocation below.
        if (gapCount < 0 || gapCount > bitLength)
        {
            ThrowHelper.GapCountImpossible(gapCount, bitLength);
        }

        var code = CanonicalHuffmanCode.FromLengths(codeLengths);
        var reader = new BitReader(bytes, bitLength);
        var gaps = new int[gapCount];
        HuffmanDecoder.Decode(code, reader, gaps);
        if (reader.BitsRemaining != 0)
        {
            ThrowHelper.GapStreamTrailingBits(reader.BitsRemaining);
        }

        return gaps;
    }
}
