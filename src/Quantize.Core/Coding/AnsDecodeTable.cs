using System.Runtime.CompilerServices;

namespace Quantize.Core.Coding;

/// <summary>
/// Slot → symbol lookup of an <see cref="AnsFrequencyTable"/>: one 64-bit entry per slot 0..M-1 holds
/// everything a decoding step needs, so a step makes a single table load.
/// </summary>
/// <remarks>
/// Layout, low bits first: f_s − 1 (20 bits), slot − cumulative_s (20 bits), symbol (24 bits). Both
/// 20-bit fields fit because f_s ≤ M ≤ 2^20 and the offset within a symbol's range is below f_s.
/// </remarks>
internal static class AnsDecodeTable
{
    private const int FieldBits = 20;
    private const uint FieldMask = (1u << FieldBits) - 1;
    private const int SymbolShift = 2 * FieldBits;

    public static ulong[] Build(ReadOnlySpan<int> frequencies, int precision)
    {
        var table = new ulong[1 << precision];
        int slot = 0;
        for (int symbol = 0; symbol < frequencies.Length; symbol++)
        {
            int f = frequencies[symbol];
            for (int offset = 0; offset < f; offset++)
            {
                table[slot++] = Pack(symbol, f, offset);
            }
        }

        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(int symbol, int frequency, int offset) =>
        ((ulong)symbol << SymbolShift) | ((ulong)offset << FieldBits) | (uint)(frequency - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Symbol(ulong entry) => (int)(entry >> SymbolShift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Frequency(ulong entry) => ((uint)entry & FieldMask) + 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Offset(ulong entry) => (uint)(entry >> FieldBits) & FieldMask;
}
