using System.Diagnostics.CodeAnalysis;

namespace Quantize.Core.Coding;

/// <summary>Throws for the coders, kept out of line so the hot loops stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void EndOfStream(int bitsNeeded, long bitPosition, long bitsRemaining) =>
        throw new InvalidDataException(
            $"Unexpected end of bit stream: {bitsNeeded} bits needed at bit {bitPosition}, only {bitsRemaining} remain.");

    [DoesNotReturn]
    public static void TruncatedCodeword(long bitPosition, long bitsRemaining) =>
        throw new InvalidDataException(
            $"Huffman stream is truncated at bit {bitPosition}: no complete codeword in the {bitsRemaining} remaining bits.");

    [DoesNotReturn]
    public static void InvalidCodeword(long bitPosition) =>
        throw new InvalidDataException($"Invalid Huffman codeword at bit {bitPosition}: the bits match no codeword.");

    [DoesNotReturn]
    public static void SymbolOutOfRange(int symbol, int symbolCount, int index) =>
        throw new ArgumentOutOfRangeException(
            nameof(symbol), symbol, $"Symbol at index {index} is outside the alphabet 0..{symbolCount - 1}.");

    [DoesNotReturn]
    public static void SymbolWithoutCodeword(int symbol, int index) =>
        throw new ArgumentException($"Symbol {symbol} at index {index} has no codeword (code length 0).", nameof(symbol));

    [DoesNotReturn]
    public static void SymbolWithZeroFrequency(int symbol, int index) =>
        throw new ArgumentException($"Symbol {symbol} at index {index} has frequency 0 in the ANS table.", nameof(symbol));

    [DoesNotReturn]
    public static void AnsTooManySymbols(int symbolCount, int maxSymbolCount) =>
        throw new InvalidDataException($"ANS table with {symbolCount} symbols; at most {maxSymbolCount} are supported.");

    [DoesNotReturn]
    public static void AnsBadHeader(string field, int value, int max) =>
        throw new InvalidDataException($"ANS table {field} {value} is outside 0..{max}.");

    [DoesNotReturn]
    public static void AnsFrequencyOutOfRange(int symbol, long frequency, long total) =>
        throw new InvalidDataException($"ANS frequency {frequency} of symbol {symbol} is outside 0..{total}.");

    [DoesNotReturn]
    public static void AnsFrequencyTooLong(int symbol, long bitPosition) =>
        throw new InvalidDataException(
            $"ANS frequency of symbol {symbol} has too long an Exp-Golomb prefix at bit {bitPosition}.");

    [DoesNotReturn]
    public static void AnsWrongTotal(long sum, long total) =>
        throw new InvalidDataException($"ANS frequencies sum to {(sum > total ? "more than " : "")}{sum}, not {total}.");

    [DoesNotReturn]
    public static void RansPayloadLength(int length) =>
        throw new InvalidDataException(
            $"rANS payload of {length} bytes: expected an 8-byte state followed by whole 4-byte words.");

    [DoesNotReturn]
    public static void RansStateOutOfRange(ulong state) =>
        throw new InvalidDataException($"rANS initial state 0x{state:X16} is outside [2^31, 2^63): the payload is corrupt.");

    [DoesNotReturn]
    public static void RansEmptyTable(int symbolCount) =>
        throw new InvalidDataException($"Cannot decode {symbolCount} symbols with an ANS table that has no symbols.");

    [DoesNotReturn]
    public static void RansTruncated(int index) =>
        throw new InvalidDataException($"rANS payload is truncated: it ran out of words at symbol {index}.");

    [DoesNotReturn]
    public static void RansTrailingWords(int count) =>
        throw new InvalidDataException($"rANS payload has {count} unused words after the last symbol: it is corrupt or too long.");

    [DoesNotReturn]
    public static void RansFinalStateMismatch(ulong state) =>
        throw new InvalidDataException(
            $"rANS final state 0x{state:X16} differs from the encoder's start state: the payload is corrupt.");

    [DoesNotReturn]
    public static void GapBitsOutOfRange(int gapBits, int maxGapBits) =>
        throw new InvalidDataException($"Index-difference gap width {gapBits} bits is outside 1..{maxGapBits}.");

    [DoesNotReturn]
    public static void NegativeTensorLength(int length) =>
        throw new InvalidDataException($"Tensor length {length} is negative.");

    [DoesNotReturn]
    public static void GapOutOfRange(int gap, int maxGap, int index) =>
        throw new InvalidDataException($"Index difference {gap} at entry {index} is outside 0..{maxGap}.");

    [DoesNotReturn]
    public static void PositionPastEnd(long position, int length, int index) =>
        throw new InvalidDataException(
            $"Index differences reach position {position} at entry {index}, past the end of a tensor of {length} elements.");

    [DoesNotReturn]
    public static void GapCodeLengthCount(int count, int gapBits) =>
        throw new InvalidDataException(
            $"Index-difference code has {count} code lengths; {gapBits}-bit gaps need {1L << gapBits}.");

    [DoesNotReturn]
    public static void GapStreamBitLength(long bitLength, int byteCount) =>
        throw new InvalidDataException(
            $"Index-difference stream claims {bitLength} bits but has {byteCount} bytes ({(long)byteCount * 8} bits).");

    [DoesNotReturn]
    public static void GapCountImpossible(int gapCount, long bitLength) =>
        throw new InvalidDataException(
            $"Index-difference stream of {bitLength} bits cannot hold {gapCount} gaps (each takes at least 1 bit).");

    [DoesNotReturn]
    public static void GapStreamTrailingBits(long bitsRemaining) =>
        throw new InvalidDataException(
            $"Index-difference stream has {bitsRemaining} unused bits after the last gap: it is corrupt or too long.");
}
