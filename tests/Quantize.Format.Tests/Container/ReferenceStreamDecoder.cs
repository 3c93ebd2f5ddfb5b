namespace Quantize.Format.Tests.Container;

/// <summary>
/// A slow decoder written from docs/format.md alone, one bit at a time, to check the fast one and the spec
/// against each other: canonical codes in order of (length, symbol), fixed codes of max(1, ceil(log2 k)) bits.
/// </summary>
static class ReferenceStreamDecoder
{
    public static int[] Huffman(IReadOnlyList<uint> lengths, byte[] stream, ulong streamBits, ulong symbolCount)
    {
        Dictionary<(int Length, ulong Code), int> codes = CanonicalCodes(lengths);
        var symbols = new int[symbolCount];
        ulong position = 0;
        for (ulong s = 0; s < symbolCount; s++)
        {
            ulong code = 0;
            int length = 0;
            while (true)
            {
                Assert.True(position < streamBits, "stream ends inside a codeword");
                code = (code << 1) | Bit(stream, position++);
                length++;
                Assert.True(length <= 32, "no codeword matches");
                if (codes.TryGetValue((length, code), out int symbol))
                {
                    symbols[s] = symbol;
                    break;
                }
            }
        }
        Assert.Equal(streamBits, position);
        return symbols;
    }

    public static int[] Fixed(int k, byte[] stream, ulong streamBits, ulong symbolCount)
    {
        int bits = 1;
        while ((1L << bits) < k) bits++;
        Assert.Equal(symbolCount * (ulong)bits, streamBits);
        var symbols = new int[symbolCount];
        ulong position = 0;
        for (ulong s = 0; s < symbolCount; s++)
        {
            ulong value = 0;
            for (int b = 0; b < bits; b++) value = (value << 1) | Bit(stream, position++);
            symbols[s] = (int)value;
        }
        return symbols;
    }

    /// <summary>The canonical code: walk symbols by increasing length, then index; each code is the previous plus one, shifted left when the length grows.</summary>
    public static Dictionary<(int Length, ulong Code), int> CanonicalCodes(IReadOnlyList<uint> lengths)
    {
        var order = Enumerable.Range(0, lengths.Count).Where(s => lengths[s] > 0).OrderBy(s => lengths[s]).ThenBy(s => s);
        var codes = new Dictionary<(int, ulong), int>();
        ulong next = 0;
        int previousLength = 0;
        foreach (int symbol in order)
        {
            int length = (int)lengths[symbol];
            next <<= length - previousLength;
            codes[(length, next)] = symbol;
            next++;
            previousLength = length;
        }
        return codes;
    }

    static ulong Bit(byte[] stream, ulong position) => (ulong)(stream[position / 8] >> (7 - (int)(position % 8))) & 1;
}
