namespace Quantize.Core.Coding;

/// <summary>
/// Decoding tables of a canonical code: a direct lookup on the first <see cref="PrimaryBits"/> bits
/// resolves the short, frequent codewords; longer ones are found by the canonical ranges per length.
/// </summary>
internal sealed class HuffmanDecodeTable
{
    // 2^11 entries (10 KB) cover the codewords that dominate a stream without hurting the cache.
    private const int MaxPrimaryBits = 11;

    private readonly int[] _primarySymbol;
    private readonly byte[] _primaryLength;

    // Codewords of length L are FirstCode[L] .. FirstCode[L] + Count[L] - 1, for the symbols
    // SortedSymbols[Offset[L] ..] in symbol order.
    private readonly uint[] _firstCode = new uint[CanonicalHuffmanCode.MaxCodeLength + 1];
    private readonly int[] _count = new int[CanonicalHuffmanCode.MaxCodeLength + 1];
    private readonly int[] _offset = new int[CanonicalHuffmanCode.MaxCodeLength + 1];
    private readonly int[] _sortedSymbols;

    public HuffmanDecodeTable(CanonicalHuffmanCode code)
    {
        MaxLength = code.MaxLength;
        PrimaryBits = Math.Max(1, Math.Min(code.MaxLength, MaxPrimaryBits));
        ReadOnlySpan<int> lengths = code.Lengths;
        ReadOnlySpan<uint> codes = code.Codes;

        foreach (int length in lengths)
        {
            _count[length]++;
        }

        _count[0] = 0;
        for (int length = 1; length <= CanonicalHuffmanCode.MaxCodeLength; length++)
        {
            _offset[length] = _offset[length - 1] + _count[length - 1];
        }

        _sortedSymbols = new int[code.UsedSymbolCount];
        var fill = (int[])_offset.Clone();
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0)
            {
                continue;
            }

            if (fill[length] == _offset[length])
            {
                _firstCode[length] = codes[symbol]; // symbols ascend, so the first seen has the lowest code
            }

            _sortedSymbols[fill[length]++] = symbol;
        }

        _primarySymbol = new int[1 << PrimaryBits];
        _primaryLength = new byte[1 << PrimaryBits];
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0 || length > PrimaryBits)
            {
                continue;
            }

            int start = (int)codes[symbol] << (PrimaryBits - length);
            int end = start + (1 << (PrimaryBits - length));
            _primarySymbol.AsSpan(start, end - start).Fill(symbol);
            _primaryLength.AsSpan(start, end - start).Fill((byte)length);
        }
    }

    public int MaxLength { get; }

    public int PrimaryBits { get; }

    public int Decode(BitReader reader)
    {
        uint index = reader.Peek(PrimaryBits);
        int length = _primaryLength[index];
        if (length != 0 && length <= reader.BitsRemaining)
        {
            reader.Skip(length);
            return _primarySymbol[index];
        }

        return DecodeSlow(reader, length);
    }

    // A primary entry of length 0 means no codeword of at most PrimaryBits bits is a prefix of the
    // next bits, so only longer lengths need checking.
    private int DecodeSlow(BitReader reader, int primaryLength)
    {
        if (MaxLength == 0)
        {
            throw new InvalidDataException("Cannot decode with a Huffman code that has no symbols.");
        }

        long remaining = reader.BitsRemaining;
        if (primaryLength != 0)
        {
            ThrowHelper.TruncatedCodeword(reader.BitPosition, remaining); // matched, but runs past the end
        }

        uint bits = reader.Peek(MaxLength);
        int limit = (int)Math.Min(MaxLength, remaining);
        for (int length = PrimaryBits + 1; length <= limit; length++)
        {
            uint prefix = bits >> (MaxLength - length);
            uint rank = prefix - _firstCode[length];
            if (rank < (uint)_count[length])
            {
                reader.Skip(length);
                return _sortedSymbols[_offset[length] + (int)rank];
            }
        }

        if (limit < MaxLength)
        {
            ThrowHelper.TruncatedCodeword(reader.BitPosition, remaining);
        }

        ThrowHelper.InvalidCodeword(reader.BitPosition);
        return 0; // not reached
    }
}
