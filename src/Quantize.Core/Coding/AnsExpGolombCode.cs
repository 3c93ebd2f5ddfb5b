using System.Numerics;

namespace Quantize.Core.Coding;

/// <summary>
/// Exp-Golomb code of order r for the frequencies of an <see cref="AnsFrequencyTable"/>: v ≥ 0 is
/// written as the Elias-gamma code of (v >> r) + 1 followed by the low r bits of v, so values near
/// 2^r cost about r + 1 bits and zeros cost r + 1 bits.
/// </summary>
internal static class AnsExpGolombCode
{
    public static int BitLength(uint value, int order)
    {
        int prefixZeros = 31 - BitOperations.LeadingZeroCount((value >> order) + 1);
        return 2 * prefixZeros + 1 + order;
    }

    public static void Write(BitWriter writer, uint value, int order)
    {
        uint high = (value >> order) + 1;
        int prefixZeros = 31 - BitOperations.LeadingZeroCount(high);
        writer.Write(0, prefixZeros);
        writer.Write(high, prefixZeros + 1);
        writer.Write(value & ((1u << order) - 1), order);
    }

    /// <summary>Reads one value, rejecting any above <paramref name="maxValue"/> (at most 2^31).</summary>
    /// <exception cref="InvalidDataException">The bits run out or the value is too large.</exception>
    public static uint Read(BitReader reader, int order, uint maxValue, int symbol)
    {
        // (maxValue >> order) + 1 has at most this many bits after its leading one; a longer run of
        // zeros can only be corrupt, and stopping there also keeps the loop short on garbage.
        int maxPrefixZeros = 31 - BitOperations.LeadingZeroCount((maxValue >> order) + 1);
        int prefixZeros = 0;
        while (reader.ReadBit() == 0)
        {
            if (++prefixZeros > maxPrefixZeros)
            {
                ThrowHelper.AnsFrequencyTooLong(symbol, reader.BitPosition);
            }
        }

        ulong high = (1UL << prefixZeros) | reader.Read(prefixZeros);
        ulong value = ((high - 1) << order) | reader.Read(order);
        if (value > maxValue)
        {
            ThrowHelper.AnsFrequencyOutOfRange(symbol, (long)value, maxValue);
        }

        return (uint)value;
    }
}
