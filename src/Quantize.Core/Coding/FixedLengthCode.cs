using System.Numerics;

namespace Quantize.Core.Coding;

/// <summary>
/// Fixed-length code for symbols 0..k-1: each takes ceil(log2 k) bits, and at least one. A lone
/// symbol could take 0 bits, but then a stream's length would no longer bound how many symbols a
/// file may declare, and decoders must bound allocations by the file size (as a one-symbol Huffman
/// code, 1 bit, already does).
/// </summary>
public static class FixedLengthCode
{
    /// <summary>max(1, ceil(log2 k)): 1 for k = 1 or 2, 2 for k = 3 or 4, ...</summary>
    public static int BitsPerSymbol(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return k == 1 ? 1 : 32 - BitOperations.LeadingZeroCount((uint)(k - 1));
    }

    /// <exception cref="ArgumentOutOfRangeException">A symbol is outside 0..k-1.</exception>
    public static void Encode(int k, ReadOnlySpan<int> symbols, BitWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int bits = BitsPerSymbol(k);
        for (int i = 0; i < symbols.Length; i++)
        {
            int symbol = symbols[i];
            if ((uint)symbol >= (uint)k)
            {
                ThrowHelper.SymbolOutOfRange(symbol, k, i);
            }

            writer.Write((uint)symbol, bits);
        }
    }

    /// <summary>Decodes exactly <c>destination.Length</c> symbols.</summary>
    /// <exception cref="InvalidDataException">The bits run out, or a value is k or more.</exception>
    public static void Decode(int k, BitReader reader, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int bits = BitsPerSymbol(k);
        for (int i = 0; i < destination.Length; i++)
        {
            ulong value = reader.Read(bits);
            if (value >= (ulong)k)
            {
                throw new InvalidDataException(
                    $"Fixed-length symbol {value} at bit {reader.BitPosition - bits} is outside 0..{k - 1}.");
            }

            destination[i] = (int)value;
        }
    }
}
