using Quantize.Core.Accounting;
using Quantize.Core.Coding.Context;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Reports;

/// <summary>
/// Eq. (1) read off a built container: every codebook's stream, table and shared values as stored, every tensor's
/// positions (gap stream and code table, or significance flags), its scales as stored, and per tensor the codeword bits of
/// the symbols it owns in its codebook's stream (with CONTEXT coding, their ideal adaptive cost) and their order-0 entropy.
/// </summary>
sealed class ContainerBits
{
    ContainerBits(CompressionBreakdown breakdown, IReadOnlyList<TensorBits> tensors)
    {
        Breakdown = breakdown;
        Tensors = tensors;
    }

    public CompressionBreakdown Breakdown { get; }

    /// <summary>One per quantized tensor, in the container's order.</summary>
    public IReadOnlyList<TensorBits> Tensors { get; }

    /// <param name="parameterCount">N: every quantized parameter, pruned or not.</param>
    /// <param name="keptCount">Parameters that are not pruned.</param>
    /// <param name="exemptCount">Parameters kept exact in the skeleton (<c>--keep</c>), not in <paramref name="parameterCount"/>: 32 bits each.</param>
    public static ContainerBits Of(NqzBody body, long parameterCount, long keptCount, long exemptCount = 0)
    {
        CodebookCost[] costs = body.Codebooks.Select(CodebookCost.Of).ToArray();
        // Indices are read a chunk at a time: a large model's would otherwise be held once more, as ints.
        var readers = new CodedIndices.IndexReader?[body.Codebooks.Count];
        var contextCosts = new Queue<double>?[body.Codebooks.Count];
        var chunk = new int[1 << 16];
        var tensors = new List<TensorBits>(body.Tensors.Count);
        foreach (QuantizedTensor tensor in body.Tensors)
        {
            int c = (int)tensor.Codebook;
            Codebook codebook = body.Codebooks[c];
            long[]? segments = codebook.Coding == SymbolCoding.Context ? CodedIndices.Segments(body, c) : null;
            CodedIndices.IndexReader reader = readers[c] ??= new CodedIndices.IndexReader(codebook, c, segments);
            if (segments != null && contextCosts[c] == null)
                contextCosts[c] = new Queue<double>(ContextIndexCoder.SegmentCosts(CodedIndices.Decode(codebook, c, segments), segments, SharedValues.Count(codebook)));
            long count = CodedIndices.SymbolsOf(tensor);
            double bits = 0;
            var counts = new long[SharedValues.Count(codebook)];
            for (long done = 0; done < count; done += chunk.Length)
            {
                Span<int> symbols = chunk.AsSpan(0, (int)Math.Min(chunk.Length, count - done));
                reader.Read(symbols);
                foreach (int symbol in symbols)
                {
                    counts[symbol]++;
                    if (segments == null) bits += costs[c].SymbolBits[symbol];
                }
            }
            if (contextCosts[c] is { } queue) bits = queue.Dequeue();
            tensors.Add(new TensorBits(bits, PositionBits(tensor), GapTableBits(tensor), (int?)tensor.Positions?.GapBits)
            {
                IndexEntropyBits = count * Entropy.Bits(counts),
            });
        }
        return new ContainerBits(BreakdownOf(body, costs, parameterCount, keptCount, exemptCount), tensors);
    }

    /// <summary>
    /// Eq. (1)'s denominator for a body, read off its codebooks, positions and scales without decoding a stream: what
    /// two ways of coding the same quantization are compared by.
    /// </summary>
    public static long TotalBits(NqzBody body) => BreakdownOf(body, [.. body.Codebooks.Select(CodebookCost.Of)], 0, 0).TotalBits;

    static CompressionBreakdown BreakdownOf(NqzBody body, CodebookCost[] costs, long parameterCount, long keptCount, long exemptCount = 0) =>
        CompressionAccounting.FromCodedBits(parameterCount + exemptCount,
            body.Codebooks.Sum(SharedValues.Count), costs.Sum(c => c.WeightBits), costs.Sum(c => c.CodewordTableBits),
            indexBits: body.Tensors.Sum(PositionBits), indexTableBits: body.Tensors.Sum(GapTableBits), codedParameterCount: keptCount,
            scaleBits: ContainerScales.Bits(body), sharedValueBits: body.Codebooks.Sum(SharedValues.Bits))
        with { ExemptBits = 32 * exemptCount };

    static long PositionBits(QuantizedTensor tensor) => (long)(tensor.Positions?.StreamBits ?? 0) + 8L * (tensor.Significance?.Stream.Length ?? 0);

    static long GapTableBits(QuantizedTensor tensor) => tensor.Positions?.CodeLengths.Sum(l => (long)l) ?? 0;
}

/// <summary>A tensor's share of the stream (codeword bits of its symbols), its position bits and gap table bits.</summary>
sealed record TensorBits(double CodewordBits, long IndexBits, long IndexTableBits, int? GapBits)
{
    /// <summary>n·H of the tensor's own symbols (order 0, fillers included): what a static code per layer could reach.</summary>
    public double IndexEntropyBits { get; init; }
}
