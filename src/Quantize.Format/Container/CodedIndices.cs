using Quantize.Core.Coding;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>Encodes and decodes the cluster indices of one codebook with the coding it names.</summary>
public static class CodedIndices
{
    public static void Encode(Codebook codebook, ReadOnlySpan<int> symbols)
    {
        var writer = new BitWriter(Math.Max(16, symbols.Length / 2));
        int k = codebook.Values.Count;
        switch (codebook.Coding)
        {
            case SymbolCoding.Huffman:
                var counts = new long[k];
                foreach (int symbol in symbols) counts[symbol]++;
                CanonicalHuffmanCode code = CanonicalHuffmanCode.FromFrequencies(counts, NqzLimits.MaxCodeLength);
                codebook.CodeLengths.Clear();
                foreach (int length in code.Lengths) codebook.CodeLengths.Add((uint)length);
                HuffmanEncoder.Encode(code, symbols, writer);
                break;
            case SymbolCoding.Fixed:
                FixedLengthCode.Encode(k, symbols, writer);
                break;
            default:
                throw new ArgumentException($"cannot encode with {codebook.Coding}");
        }
        codebook.SymbolCount = (ulong)symbols.Length;
        codebook.StreamBits = (ulong)writer.BitLength;
        codebook.Stream = Google.Protobuf.ByteString.CopyFrom(writer.ToArray());
    }

    /// <summary>Decodes every index of a validated codebook; corrupt streams end in <see cref="NqzFormatException"/>.</summary>
    public static int[] Decode(Codebook codebook, int codebookIndex)
    {
        var symbols = new int[checked((int)codebook.SymbolCount)];
        var reader = new BitReader(codebook.Stream.Memory, (long)codebook.StreamBits);
        try
        {
            if (codebook.Coding == SymbolCoding.Huffman)
            {
                CanonicalHuffmanCode code = CanonicalHuffmanCode.FromLengths(codebook.CodeLengths.Select(l => (int)l).ToArray());
                HuffmanDecoder.Decode(code, reader, symbols);
            }
            else
            {
                FixedLengthCode.Decode(codebook.Values.Count, reader, symbols);
            }
        }
        catch (InvalidDataException e)
        {
            throw new NqzFormatException($"codebook {codebookIndex} has a corrupt index stream ({e.Message.TrimEnd('.')})", e);
        }
        if (reader.BitPosition != (long)codebook.StreamBits)
            throw new NqzFormatException($"codebook {codebookIndex} has {(long)codebook.StreamBits - reader.BitPosition} unused bits after its last index");
        foreach (int symbol in symbols)
            if (symbol >= codebook.Values.Count)
                throw new NqzFormatException($"codebook {codebookIndex} codes index {symbol} but has only {codebook.Values.Count} values");
        return symbols;
    }
}
