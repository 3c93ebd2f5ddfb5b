using System.Buffers.Binary;
using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

/// <summary>
/// The rANS payload format decoded the slow, plain way: every step searches the cumulative
/// frequencies and checks everything, to compare the table-driven decoder against.
/// </summary>
internal static class RansReferenceDecoder
{
    private const ulong LowerBound = 1UL << 31;

    /// <summary>The decoded symbols, or null where the payload is invalid.</summary>
    public static int[]? TryDecode(AnsFrequencyTable table, byte[] payload, int count)
    {
        if (payload.Length < 16 || (payload.Length - 16) % 4 != 0)
        {
            return null;
        }

        var states = new[] { BinaryPrimitives.ReadUInt64LittleEndian(payload), BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(8)) };
        if (states.Any(x => x < LowerBound || x >= 1UL << 63))
        {
            return null;
        }

        if (count > 0 && table.UsedSymbolCount == 0)
        {
            return null;
        }

        int[] frequencies = table.Frequencies.ToArray();
        ulong total = (ulong)table.TotalFrequency;
        int position = 16;
        var symbols = new int[count];
        for (int i = 0; i < count; i++)
        {
            ulong x = states[i % 2];
            ulong slot = x % total;
            int symbol = 0;
            ulong start = 0;
            while (slot >= start + (ulong)frequencies[symbol])
            {
                start += (ulong)frequencies[symbol++];
            }

            symbols[i] = symbol;
            x = (ulong)frequencies[symbol] * (x / total) + slot - start;
            if (x < LowerBound)
            {
                if (position == payload.Length)
                {
                    return null;
                }

                x = (x << 32) | BinaryPrimitives.ReadUInt32LittleEndian(payload.AsSpan(position));
                position += 4;
            }

            states[i % 2] = x;
        }

        return position == payload.Length && states.All(x => x == LowerBound) ? symbols : null;
    }
}
