using Google.Protobuf;
using Quantize.Core.Coding;
using Quantize.Core.Coding.Context;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;

namespace Quantize.Format.Container;

/// <summary>Encodes and decodes the cluster indices of one codebook with the coding it names.</summary>
public static class CodedIndices
{
    /// <param name="segments">
    /// CONTEXT coding: each tensor's count of symbols, in order (their models start afresh); null for the other codings.
    /// </param>
    public static void Encode(Codebook codebook, ReadOnlySpan<int> symbols, ReadOnlySpan<long> segments = default)
    {
        int k = SharedValues.Count(codebook);
        BitWriter writer;
        switch (codebook.Coding)
        {
            case SymbolCoding.Huffman:
                var counts = new long[k];
                foreach (int symbol in symbols) counts[symbol]++;
                CanonicalHuffmanCode code = CanonicalHuffmanCode.FromFrequencies(counts, NqzLimits.MaxCodeLength);
                codebook.CodeLengths.Clear();
                foreach (int length in code.Lengths) codebook.CodeLengths.Add((uint)length);
                // The stream's size is known from the counts: one buffer of that size, never regrown (a model's worth of codes).
                writer = new BitWriter(BufferBytes(HuffmanEncoder.EncodedBitLength(code, counts)));
                HuffmanEncoder.Encode(code, symbols, writer);
                break;
            case SymbolCoding.Fixed:
                writer = new BitWriter(BufferBytes((long)symbols.Length * FixedLengthCode.BitsPerSymbol(k)));
                FixedLengthCode.Encode(k, symbols, writer);
                break;
            case SymbolCoding.Ans:
                EncodeAns(codebook, symbols);
                return;
            case SymbolCoding.Context:
                EncodeContext(codebook, symbols, segments);
                return;
            default:
                throw new ArgumentException($"cannot encode with {codebook.Coding}");
        }
        codebook.SymbolCount = (ulong)symbols.Length;
        codebook.StreamBits = (ulong)writer.BitLength;
        // The array is ours alone: wrapping it saves a copy of the stream.
        codebook.Stream = UnsafeByteOperations.UnsafeWrap(writer.ToArray());
    }

    // Whole bytes for a stream of this many bits, plus the writer's slack for its last word.
    static int BufferBytes(long bits) => (int)Math.Min(Array.MaxLength, bits / 8 + 16);

    /// <summary>
    /// rANS payload plus its serialised frequency table. A source so skewed that the payload would hold
    /// more than <see cref="NqzLimits.MaxAnsSymbolsPerBit"/> symbols per bit is Huffman-coded instead: readers
    /// bound their allocations by the stream size.
    /// </summary>
    static void EncodeAns(Codebook codebook, ReadOnlySpan<int> symbols)
    {
        var counts = new long[SharedValues.Count(codebook)];
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
        codebook.AnsTable = UnsafeByteOperations.UnsafeWrap(tableWriter.ToArray());
        codebook.AnsTableBits = (ulong)tableWriter.BitLength;
        codebook.SymbolCount = (ulong)symbols.Length;
        codebook.StreamBits = (ulong)payload.Length * 8;
        codebook.Stream = UnsafeByteOperations.UnsafeWrap(payload);
    }

    /// <summary>
    /// The adaptive range coder's stream (docs/format.md, section 16.2). A source so predictable that the stream would hold
    /// more than <see cref="AdaptiveBit.MaxDecisionsPerBit"/> symbols per bit (a one-value codebook) is Huffman-coded instead.
    /// </summary>
    static void EncodeContext(Codebook codebook, ReadOnlySpan<int> symbols, ReadOnlySpan<long> segments)
    {
        long covered = 0;
        foreach (long length in segments) covered += length;
        if (covered != symbols.Length) throw new ArgumentException($"context coding needs each tensor's symbol count: {covered} of {symbols.Length} given");
        byte[] stream = ContextIndexCoder.Encode(symbols, segments, SharedValues.Count(codebook));
        if (!ContextWithinBound((ulong)symbols.Length, (ulong)stream.Length * 8))
        {
            codebook.Coding = SymbolCoding.Huffman;
            Encode(codebook, symbols);
            return;
        }
        codebook.SymbolCount = (ulong)symbols.Length;
        codebook.StreamBits = (ulong)stream.Length * 8;
        codebook.Stream = UnsafeByteOperations.UnsafeWrap(stream);
    }

    /// <summary>Whether a CONTEXT stream of <paramref name="streamBits"/> may hold <paramref name="symbols"/> (docs/format.md, section 16.4).</summary>
    internal static bool ContextWithinBound(ulong symbols, ulong streamBits) => symbols <= streamBits * AdaptiveBit.MaxDecisionsPerBit;

    /// <summary>
    /// Each tensor's count of symbols in codebook <paramref name="codebookIndex"/>, in the body's order: what CONTEXT coding's
    /// per-tensor models follow. Dense tensors have one per element, pruned ones one per entry (positions) or kept element (significance).
    /// </summary>
    public static long[] Segments(NqzBody body, int codebookIndex) =>
        [.. body.Tensors.Where(t => t.Codebook == codebookIndex).Select(SymbolsOf)];

    /// <summary>A tensor's symbols in its codebook's stream.</summary>
    public static long SymbolsOf(QuantizedTensor tensor) =>
        tensor.Positions is { } positions ? (long)positions.EntryCount
        : tensor.Significance is { } significance ? (long)significance.KeptCount
        : TensorData.ElementCount(tensor.Dims);

    /// <summary>
    /// Reads the indices of a validated codebook in order, a span at a time, so a caller that only looks at them (sizes,
    /// verification) needs no array of them all. Huffman and fixed-length streams are decoded as read; ANS decodes its
    /// whole payload at once (static rANS has no resumable decoder here). Corrupt streams end in <see cref="NqzFormatException"/>.
    /// </summary>
    public sealed class IndexReader
    {
        readonly Codebook codebook;
        readonly int codebookIndex;
        readonly BitReader? bits;
        readonly CanonicalHuffmanCode? huffman;
        readonly int[]? ans;
        long read;

        /// <param name="segments">CONTEXT coding: <see cref="Segments"/> of the codebook; unused by the other codings.</param>
        public IndexReader(Codebook codebook, int codebookIndex, long[]? segments = null)
        {
            this.codebook = codebook;
            this.codebookIndex = codebookIndex;
            if (codebook.Coding is SymbolCoding.Ans or SymbolCoding.Context)
            {
                ans = Decode(codebook, codebookIndex, segments);
                return;
            }
            bits = new BitReader(codebook.Stream.Memory, (long)codebook.StreamBits);
            if (codebook.Coding == SymbolCoding.Huffman) huffman = HuffmanCode(codebook, codebookIndex);
        }

        /// <summary>Fills <paramref name="destination"/> with the next indices (a validated codebook has them all).</summary>
        public void Read(Span<int> destination)
        {
            if ((ulong)(read + destination.Length) > codebook.SymbolCount)
                throw new NqzFormatException($"codebook {codebookIndex} holds {codebook.SymbolCount} indices, fewer than its tensors read");
            if (ans != null)
            {
                ans.AsSpan((int)read, destination.Length).CopyTo(destination);
            }
            else
            {
                try
                {
                    if (huffman != null) HuffmanDecoder.Decode(huffman, bits!, destination);
                    else FixedLengthCode.Decode(SharedValues.Count(codebook), bits!, destination);
                }
                catch (InvalidDataException e)
                {
                    throw new NqzFormatException($"codebook {codebookIndex} has a corrupt index stream ({e.Message.TrimEnd('.')})", e);
                }
                CheckRange(destination, codebook, codebookIndex);
            }
            read += destination.Length;
        }

        /// <summary>Checks that every index was read and no stream bits are left over.</summary>
        public void Finish()
        {
            if ((ulong)read != codebook.SymbolCount)
                throw new NqzFormatException($"codebook {codebookIndex} holds {codebook.SymbolCount} indices but its tensors read {read}");
            if (bits != null && bits.BitPosition != (long)codebook.StreamBits)
                throw new NqzFormatException($"codebook {codebookIndex} has {(long)codebook.StreamBits - bits.BitPosition} unused bits after its last index");
        }
    }

    /// <summary>Decodes every index of a validated codebook; corrupt streams end in <see cref="NqzFormatException"/>.</summary>
    /// <param name="segments">CONTEXT coding: <see cref="Segments"/> of the codebook; unused by the other codings.</param>
    public static int[] Decode(Codebook codebook, int codebookIndex, long[]? segments = null)
    {
        var symbols = new int[checked((int)codebook.SymbolCount)];
        if (codebook.Coding == SymbolCoding.Ans)
            return DecodeAns(codebook, codebookIndex, symbols);
        if (codebook.Coding == SymbolCoding.Context)
            return DecodeContext(codebook, codebookIndex, symbols, segments ?? throw new ArgumentNullException(nameof(segments), "context coding needs each tensor's symbol count"));
        var reader = new BitReader(codebook.Stream.Memory, (long)codebook.StreamBits);
        try
        {
            if (codebook.Coding == SymbolCoding.Huffman)
            {
                HuffmanDecoder.Decode(HuffmanCode(codebook, codebookIndex), reader, symbols);
            }
            else
            {
                FixedLengthCode.Decode(SharedValues.Count(codebook), reader, symbols);
            }
        }
        catch (InvalidDataException e)
        {
            throw new NqzFormatException($"codebook {codebookIndex} has a corrupt index stream ({e.Message.TrimEnd('.')})", e);
        }
        if (reader.BitPosition != (long)codebook.StreamBits)
            throw new NqzFormatException($"codebook {codebookIndex} has {(long)codebook.StreamBits - reader.BitPosition} unused bits after its last index");
        CheckRange(symbols, codebook, codebookIndex);
        return symbols;
    }

    // One check for both readers: IndexReader once let the InvalidDataException of over-subscribed lengths escape (found by fuzzing).
    static CanonicalHuffmanCode HuffmanCode(Codebook codebook, int codebookIndex)
    {
        try
        {
            return CanonicalHuffmanCode.FromLengths(codebook.CodeLengths.Select(l => (int)l).ToArray());
        }
        catch (InvalidDataException e)
        {
            throw new NqzFormatException($"codebook {codebookIndex} has a corrupt index stream ({e.Message.TrimEnd('.')})", e);
        }
    }

    static int[] DecodeAns(Codebook codebook, int codebookIndex, int[] symbols)
    {
        try
        {
            var tableReader = new BitReader(codebook.AnsTable.Memory, (long)codebook.AnsTableBits);
            AnsFrequencyTable table = AnsFrequencyTable.Read(tableReader, SharedValues.Count(codebook));
            if (tableReader.BitPosition != (long)codebook.AnsTableBits)
                throw new NqzFormatException($"codebook {codebookIndex} has unused bits after its ANS table");
            RansDecoder.Decode(table, codebook.Stream.Span, symbols);
        }
        catch (InvalidDataException e)
        {
            throw new NqzFormatException($"codebook {codebookIndex} has a corrupt ANS table or payload ({e.Message.TrimEnd('.')})", e);
        }
        CheckRange(symbols, codebook, codebookIndex);
        return symbols;
    }

    static int[] DecodeContext(Codebook codebook, int codebookIndex, int[] symbols, long[] segments)
    {
        if (segments.Sum() != symbols.Length)
            throw new NqzFormatException($"codebook {codebookIndex} holds {symbols.Length} indices but its tensors read {segments.Sum()}");
        try
        {
            ContextIndexCoder.Decode(codebook.Stream.Span, segments, SharedValues.Count(codebook), symbols);
        }
        catch (InvalidDataException e)
        {
            throw new NqzFormatException($"codebook {codebookIndex} has a corrupt context-coded stream ({e.Message.TrimEnd('.')})", e);
        }
        return symbols; // the truncated tree never yields an index >= k
    }

    static void CheckRange(ReadOnlySpan<int> symbols, Codebook codebook, int codebookIndex)
    {
        int k = SharedValues.Count(codebook);
        foreach (int symbol in symbols)
            if (symbol >= k)
                throw new NqzFormatException($"codebook {codebookIndex} codes index {symbol} but has only {k} values");
    }
}
