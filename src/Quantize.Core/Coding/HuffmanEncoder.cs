namespace Quantize.Core.Coding;

/// <summary>Writes symbols with a canonical prefix code.</summary>
public static class HuffmanEncoder
{
    /// <summary>Appends the codeword of every symbol to <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentException">A symbol is outside the alphabet or has no codeword.</exception>
    public static void Encode(CanonicalHuffmanCode code, ReadOnlySpan<int> symbols, BitWriter writer)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(writer);
        ReadOnlySpan<int> lengths = code.Lengths;
        ReadOnlySpan<uint> codes = code.Codes;
        for (int i = 0; i < symbols.Length; i++)
        {
            int symbol = symbols[i];
            if ((uint)symbol >= (uint)lengths.Length)
            {
                ThrowHelper.SymbolOutOfRange(symbol, lengths.Length, i);
            }

            int length = lengths[symbol];
            if (length == 0)
            {
                ThrowHelper.SymbolWithoutCodeword(symbol, i);
            }

            writer.Write(codes[symbol], length);
        }
    }

    /// <summary>
    /// Bits needed to encode a source with these symbol frequencies: sum(frequency x length).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, a frequency is negative, or a used symbol has no codeword.
    /// </exception>
    public static long EncodedBitLength(CanonicalHuffmanCode code, ReadOnlySpan<long> frequencies)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (frequencies.Length != code.SymbolCount)
        {
            throw new ArgumentException(
                $"Expected {code.SymbolCount} frequencies, got {frequencies.Length}.", nameof(frequencies));
        }

        ReadOnlySpan<int> lengths = code.Lengths;
        long bits = 0;
        for (int symbol = 0; symbol < frequencies.Length; symbol++)
        {
            long frequency = frequencies[symbol];
            if (frequency < 0)
            {
                throw new ArgumentException($"Frequency of symbol {symbol} is negative.", nameof(frequencies));
            }

            if (frequency > 0 && lengths[symbol] == 0)
            {
                throw new ArgumentException($"Symbol {symbol} occurs but has no codeword.", nameof(frequencies));
            }

            bits = checked(bits + frequency * lengths[symbol]);
        }

        return bits;
    }
}
