using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quantize.Core.Coding;

/// <summary>Decoding steps of a state in [L, 2^63), with the table's address and shape held in registers.</summary>
/// <remarks>
/// After a step x = f·(x >> n) + offset ≥ 2^(31-n) ≥ 2^11 and x &lt; 2^63, so one 32-bit word
/// restores x ≥ L without overflow, even on corrupt input. <typeparamref name="TSymbol"/> is the width of the table's
/// slots (<see cref="AnsDecodeTable"/>); the JIT compiles each width on its own, so the choice costs nothing per step.
/// </remarks>
internal readonly ref struct RansDecodeSteps<TSymbol>
    where TSymbol : unmanaged, IBinaryInteger<TSymbol>
{
    private readonly ref TSymbol _slots;
    private readonly ref ulong _entries;
    private readonly uint _slotMask;
    private readonly int _precision;

    public RansDecodeSteps(TSymbol[] slots, ulong[] entries, int precision)
    {
        _slots = ref MemoryMarshal.GetArrayDataReference(slots);
        _entries = ref MemoryMarshal.GetArrayDataReference(entries);
        _slotMask = (uint)slots.Length - 1;
        _precision = precision;
    }

    /// <summary>The little-endian word at <paramref name="offset"/>; the caller has checked that 4 bytes remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadWord(ref byte wordBytes, int offset)
    {
        uint word = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref wordBytes, offset));
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int DecodeSymbol(ref ulong x)
    {
        // The slot is masked to the table's power-of-two length, and every slot holds a symbol of the table, so both
        // unchecked loads stay inside.
        uint slot = (uint)x & _slotMask;
        int symbol = int.CreateTruncating(Unsafe.Add(ref _slots, (nint)slot));
        ulong entry = Unsafe.Add(ref _entries, (nint)(uint)symbol);
        x = AnsDecodeTable.Frequency(entry) * (x >> _precision) + (slot - AnsDecodeTable.Cumulative(entry));
        return symbol;
    }

    /// <summary>Decodes the symbol at <paramref name="index"/> and renormalises, checking that a word remains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CheckedStep(ref ulong x, ReadOnlySpan<byte> words, ref int wordOffset, int index)
    {
        int symbol = DecodeSymbol(ref x);
        if (x < RansParameters.LowerBound)
        {
            if (wordOffset >= words.Length)
            {
                ThrowHelper.RansTruncated(index);
            }

            x = (x << RansParameters.WordBits) | ReadWord(ref MemoryMarshal.GetReference(words), wordOffset);
            wordOffset += RansParameters.WordBytes;
        }

        return symbol;
    }

    /// <summary>Decodes and renormalises; at least 4 bytes must remain at <paramref name="wordOffset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Step(ref ulong x, ref byte wordBytes, ref int wordOffset)
    {
        int symbol = DecodeSymbol(ref x);
        ulong refilled = (x << RansParameters.WordBits) | ReadWord(ref wordBytes, wordOffset);
        int used = x < RansParameters.LowerBound ? RansParameters.WordBytes : 0;
        x = used != 0 ? refilled : x;
        wordOffset += used;
        return symbol;
    }
}
