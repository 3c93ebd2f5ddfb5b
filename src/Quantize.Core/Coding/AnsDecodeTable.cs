using System.Runtime.CompilerServices;

namespace Quantize.Core.Coding;

/// <summary>
/// Slot → symbol lookup of an <see cref="AnsFrequencyTable"/>, in two parts: the symbol of each slot 0..M-1, 16 bits wide
/// (32 when the alphabet has more than 65,536 symbols), and one 64-bit entry per symbol with its frequency and first slot.
/// </summary>
/// <remarks>
/// The slots are the large part, and at 2 bytes each they stay in a core's L2 cache up to precision 17 (256 KB); the
/// entries, a few KB, stay in L1. A single 8-byte entry per slot, which saves the second load, is 1 MB at precision 17 and
/// misses L2 on nearly every step: decoding MiniLM-L6's 22.7M indices (precisions 13 to 18) took 1.6 times as long with it
/// (docs/deploy.md, "Decode time").
/// </remarks>
internal sealed class AnsDecodeTable
{
    private AnsDecodeTable(ushort[]? narrow, int[]? wide, ulong[] entries)
    {
        NarrowSymbols = narrow;
        WideSymbols = wide;
        Entries = entries;
    }

    /// <summary>The symbol of each slot, when every symbol is below 2^16; else null.</summary>
    public ushort[]? NarrowSymbols { get; }

    /// <summary>The symbol of each slot, when some symbol is 2^16 or more; else null.</summary>
    public int[]? WideSymbols { get; }

    /// <summary>Per symbol: its frequency f (low 32 bits) and cumulative frequency, its first slot (high 32 bits).</summary>
    public ulong[] Entries { get; }

    public static AnsDecodeTable Build(ReadOnlySpan<int> frequencies, ReadOnlySpan<int> cumulative, int precision)
    {
        var entries = new ulong[frequencies.Length];
        for (int symbol = 0; symbol < frequencies.Length; symbol++)
        {
            entries[symbol] = Pack(frequencies[symbol], cumulative[symbol]);
        }

        if (frequencies.Length <= ushort.MaxValue + 1)
        {
            var narrow = new ushort[1 << precision];
            Fill(narrow, frequencies, cumulative);
            return new AnsDecodeTable(narrow, null, entries);
        }

        var wide = new int[1 << precision];
        Fill(wide, frequencies, cumulative);
        return new AnsDecodeTable(null, wide, entries);
    }

    private static void Fill<TSymbol>(TSymbol[] slots, ReadOnlySpan<int> frequencies, ReadOnlySpan<int> cumulative)
        where TSymbol : unmanaged, System.Numerics.IBinaryInteger<TSymbol>
    {
        for (int symbol = 0; symbol < frequencies.Length; symbol++)
        {
            slots.AsSpan(cumulative[symbol], frequencies[symbol]).Fill(TSymbol.CreateTruncating(symbol));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pack(int frequency, int cumulative) => ((ulong)(uint)cumulative << 32) | (uint)frequency;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Frequency(ulong entry) => (uint)entry;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Cumulative(ulong entry) => (uint)(entry >> 32);
}
