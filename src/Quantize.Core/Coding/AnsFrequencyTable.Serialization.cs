namespace Quantize.Core.Coding;

/// <summary>
/// Bit layout of a table, most significant bit first (see <see cref="BitWriter"/>):
/// precision (5 bits, 0..20), Exp-Golomb order r (5 bits, 0..precision), then the frequency of each
/// symbol 0..k-1 in the Exp-Golomb code of order r (<see cref="AnsExpGolombCode"/>). The alphabet size
/// k is not stored: the reader knows it (the number of clusters).
/// </summary>
public sealed partial class AnsFrequencyTable
{
    private const int HeaderFieldBits = 5;

    /// <summary>Appends the table in the layout above; <see cref="SerializedBits"/> bits.</summary>
    public void Write(BitWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write((uint)Precision, HeaderFieldBits);
        writer.Write((uint)ExpGolombOrder, HeaderFieldBits);
        foreach (int f in _frequencies)
        {
            AnsExpGolombCode.Write(writer, (uint)f, ExpGolombOrder);
        }
    }

    /// <summary>
    /// Reads a table written by <see cref="Write"/>. The bits are untrusted: every field is checked,
    /// the frequencies must sum to exactly 2^precision (or all be 0), and nothing is allocated before
    /// the reader is known to hold enough bits for <paramref name="symbolCount"/> frequencies.
    /// </summary>
    /// <param name="symbolCount">Alphabet size k, known to the caller.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="symbolCount"/> is negative.</exception>
    /// <exception cref="InvalidDataException">
    /// The bits run out, a field is out of range, the total is wrong, or k exceeds <see cref="MaxSymbolCount"/>.
    /// </exception>
    public static AnsFrequencyTable Read(BitReader reader, int symbolCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(symbolCount);
        if (symbolCount > MaxSymbolCount)
        {
            ThrowHelper.AnsTooManySymbols(symbolCount, MaxSymbolCount);
        }

        int precision = (int)reader.Read(HeaderFieldBits);
        if (precision > MaxPrecision)
        {
            ThrowHelper.AnsBadHeader("precision", precision, MaxPrecision);
        }

        int order = (int)reader.Read(HeaderFieldBits);
        if (order > precision)
        {
            ThrowHelper.AnsBadHeader("Exp-Golomb order", order, precision);
        }

        // Each frequency takes at least order + 1 bits.
        if (reader.BitsRemaining < (long)symbolCount * (order + 1))
        {
            ThrowHelper.EndOfStream(symbolCount * (order + 1), reader.BitPosition, reader.BitsRemaining);
        }

        uint total = 1u << precision;
        var frequencies = new int[symbolCount];
        long sum = 0;
        for (int s = 0; s < symbolCount; s++)
        {
            frequencies[s] = (int)AnsExpGolombCode.Read(reader, order, total, s);
            sum += frequencies[s];
            if (sum > total)
            {
                ThrowHelper.AnsWrongTotal(sum, total);
            }
        }

        return FromFrequencies(frequencies, precision);
    }

    private static (int Order, long Bits) ChooseExpGolombOrder(ReadOnlySpan<int> frequencies, int precision)
    {
        (int Order, long Bits) best = (0, long.MaxValue);
        for (int order = 0; order <= precision; order++)
        {
            long bits = 2 * HeaderFieldBits;
            foreach (int f in frequencies)
            {
                bits += AnsExpGolombCode.BitLength((uint)f, order);
            }

            if (bits < best.Bits)
            {
                best = (order, bits);
            }
        }

        return best;
    }
}
