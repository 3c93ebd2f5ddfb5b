namespace Quantize.Core.Coding;

/// <summary>Reads symbols written by <see cref="HuffmanEncoder"/>.</summary>
public static class HuffmanDecoder
{
    /// <summary>Decodes exactly <c>destination.Length</c> symbols.</summary>
    /// <exception cref="InvalidDataException">
    /// The bits run out, or a bit pattern is no codeword (possible with an incomplete code).
    /// </exception>
    public static void Decode(CanonicalHuffmanCode code, BitReader reader, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(reader);
        if (destination.IsEmpty)
        {
            return;
        }

        HuffmanDecodeTable table = code.DecodeTable;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = table.Decode(reader);
        }
    }
}
