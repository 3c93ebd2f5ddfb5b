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
}
