using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Quantize.Core.Coding;

/// <summary>Reads symbols written by <see cref="RansEncoder"/>.</summary>
public static class RansDecoder
{
    /// <summary>
    /// Decodes exactly <c>destination.Length</c> symbols. The payload is untrusted: it must have the
    /// encoder's layout, supply a word whenever a state needs one, be used up exactly, and leave both
    /// states at the encoder's start value L. That catches truncation, extra data and most corruption,
    /// but not all: the low bits of a state only pick a slot, and a change there that lands on a symbol
    /// with the same frequency (or two changes that cancel) still ends at L, decoding other symbols.
    /// Only a checksum over the payload catches every change.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is malformed, truncated, too long or corrupt.</exception>
    public static void Decode(AnsFrequencyTable table, ReadOnlySpan<byte> payload, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(table);
        int wordBytes = payload.Length - RansParameters.HeaderBytes;
        if (wordBytes < 0 || wordBytes % RansParameters.WordBytes != 0)
        {
            ThrowHelper.RansPayloadLength(payload.Length);
        }

        ulong even = ReadState(payload);
        ulong odd = ReadState(payload.Slice(RansParameters.StateBytes));
        ReadOnlySpan<byte> words = payload.Slice(RansParameters.HeaderBytes);
        int wordsRead = destination.IsEmpty ? 0 : DecodeSymbols(table, ref even, ref odd, words, destination);
        int wordCount = words.Length / RansParameters.WordBytes;
        if (wordsRead != wordCount)
        {
            ThrowHelper.RansTrailingWords(wordCount - wordsRead);
        }

        if (even != RansParameters.LowerBound || odd != RansParameters.LowerBound)
        {
            ThrowHelper.RansFinalStateMismatch(even != RansParameters.LowerBound ? even : odd);
        }
    }

    private static ulong ReadState(ReadOnlySpan<byte> bytes)
    {
        ulong state = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (state < RansParameters.LowerBound || state >> RansParameters.StateBits != 0)
        {
            ThrowHelper.RansStateOutOfRange(state);
        }

        return state;
    }

    // Returns the number of words consumed.
    private static int DecodeSymbols(
        AnsFrequencyTable table, ref ulong even, ref ulong odd, ReadOnlySpan<byte> words, Span<int> destination)
    {
        if (table.UsedSymbolCount == 0)
        {
            ThrowHelper.RansEmptyTable(destination.Length);
        }

        AnsDecodeTable decodeTable = table.DecodeTable;
        return decodeTable.NarrowSymbols is { } narrow
            ? DecodeSymbols(new RansDecodeSteps<ushort>(narrow, decodeTable.Entries, table.Precision), ref even, ref odd, words, destination)
            : DecodeSymbols(new RansDecodeSteps<int>(decodeTable.WideSymbols!, decodeTable.Entries, table.Precision), ref even, ref odd, words, destination);
    }

    private static int DecodeSymbols<TSymbol>(
        RansDecodeSteps<TSymbol> decoder, ref ulong even, ref ulong odd, ReadOnlySpan<byte> words, Span<int> destination)
        where TSymbol : unmanaged, IBinaryInteger<TSymbol>
    {
        ref byte wordBytes = ref MemoryMarshal.GetReference(words);
        int wordOffset = 0;
        ulong x0 = even, x1 = odd;
        int i = 0;

        // A step reads at most one word, so while a block's worth of words remains the loop needs no
        // bounds checks on the words and may load the next one before knowing whether the step uses
        // it. The two states are independent dependency chains, so the CPU overlaps their table loads
        // and multiplies; a single chain would wait on each load in turn.
        const int block = 256;
        while (destination.Length - i >= block && words.Length - wordOffset >= block * RansParameters.WordBytes)
        {
            for (int end = i + block; i < end; i += 2)
            {
                destination[i] = decoder.Step(ref x0, ref wordBytes, ref wordOffset);
                destination[i + 1] = decoder.Step(ref x1, ref wordBytes, ref wordOffset);
            }
        }

        for (; i + 1 < destination.Length; i += 2)
        {
            destination[i] = decoder.CheckedStep(ref x0, words, ref wordOffset, i);
            destination[i + 1] = decoder.CheckedStep(ref x1, words, ref wordOffset, i + 1);
        }

        if (i < destination.Length)
        {
            destination[i] = decoder.CheckedStep(ref x0, words, ref wordOffset, i);
        }

        (even, odd) = (x0, x1);
        return wordOffset / RansParameters.WordBytes;
    }
}
