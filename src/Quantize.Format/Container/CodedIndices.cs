using Google.Protobuf;
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
            case SymbolCoding.Ans:
                EncodeAns(codebook, symbols);
                return;
            default:
                throw new ArgumentException($"cannot encode with {codebook.Coding}");
        }
        codebook.SymbolCount = (ulong)symbols.Length;
        codebook.StreamBits = (ulong)writer.BitLength;
        codebook.Stream = ByteString.CopyFrom(writer.ToArray());
    }

    /// <summary>
    /// rANS payload plus its serialised frequency table. A source so skewed that the payload would hold
    /// more than <see cref="NqzLimits.MaxAnsSymbolsPerBit"/> symbols per bit is Huffman-coded instead: readers
    /// bound their allocations by the stream size.
    /// </summary>
    static void EncodeAns(Codebook codebook, ReadOnlySpan<int> symbols)
    {
        var counts = new long[codebook.Values.Count];
        foreach (int symbol in symbols) counts[symbol]++;
        AnsFrequencyTable table = AnsFrequencyTable.FromCounts(counts);
        byte[] payload = RansEncoder.Encode(table, symbols);
        if ((ulong)symbols.Length > (ulong)payload.Length * 8 * NqzLimits.MaxAnsSymbolsPerBit)
        {
            codebook.Coding = SymbolCoding.Huffman;
            Encode(codebook, symbols);
            return;
        }
        var tableWriter = new BitWriter();
        table.Write(tableWriter);
        codebook.AnsTable = ByteString.CopyFrom(tableWriter.ToArray());
        codebook.AnsTableBits = (ulong)tableWriter.BitLength;
        codebook.SymbolCount = (ulong)symbols.Length;
        codebook.StreamBits = (ulong)payload.Length * 8;
        codebook.Stream = ByteString.CopyFrom(payload);
    }

    /// <summary>Decodes every index of a validated codebook; corrupt streams end in <see cref="NqzFormatException"/>.</summary>
    public static int[] Decode(Codebook codebook, int codebookIndex)
    {
        var symbols = new int[checked((int)codebook.SymbolCount)];
        if (codebook.Coding == SymbolCoding.Ans)
            return DecodeAns(codebook, codebookIndex, symbols);
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
        return CheckRange(symbols, codebook, codebookIndex);
    }

    static int[] DecodeAns(Codebook codebook, int codebookIndex, int[] symbols)
    {
        try
        {
            var tableReader = new BitReader(codebook.AnsTable.Memory, (long)codebook.AnsTableBits);
            AnsFrequencyTable table = AnsFrequencyTable.Read(tableReader, codebook.Values.Count);
            if (tableReader.BitPosition != (long)codebook.AnsTableBits)
                throw new NqzFormatException($"codebook {codebookIndex} has unused bits after its ANS table");
            RansDecoder.Decode(table, codebook.Stream.Span, symbols);
        }
        catch (InvalidDataException e)
        {
            throw new NqzFormatException($"codebook {codebookIndex} has a corrupt ANS table or payload ({e.Message.TrimEnd('.')})", e);
        }
        return CheckRange(symbols, codebook, codebookIndex);
    }

    static int[] CheckRange(int[] symbols, Codebook codebook, int codebookIndex)
    {
        foreach (int symbol in symbols)
            if (symbol >= codebook.Values.Count)
                throw new NqzFormatException($"codebook {codebookIndex} codes index {symbol} but has only {codebook.Values.Count} values");
        return symbols;
    }
}
