using BenchmarkDotNet.Attributes;
using Quantize.Core.Accounting;
using Quantize.Core.Coding;
using Quantize.Core.Coding.Context;

namespace Quantize.Benchmarks.Coding;

/// <summary>
/// Decoding 10^7 cluster indices with each entropy coder, single-threaded. The source is what uniform
/// quantization makes of network weights: Laplacian(0, 1) values in 32 cells of width 0.55, the tails
/// in the end cells, about 3.32 bits of entropy. Each invocation decodes the whole stream (tens of
/// milliseconds); the mean is reported per symbol (OperationsPerInvoke), so 1000 / mean in ns is
/// millions of symbols per second.
/// </summary>
/// <remarks>
/// Baseline: the table-driven <see cref="HuffmanDecoder"/>, the decoder rANS competes with.
/// <see cref="HuffmanBitByBit"/> is the textbook canonical decode, one bit at a time, for scale.
/// CONTEXT coding (issue 15: target ≥ 30 M binary decisions/s) decodes the same indices as a binary tree of 5 adaptive
/// decisions each (<see cref="ContextIndices"/>; per symbol, so 5 decisions per operation), and significance flags of a
/// 2,000 × 5,000 matrix kept at 8% (<see cref="ContextSignificance"/>; one decision per operation, 10^7 of them).
/// </remarks>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class Coding_Decode
{
    private const int SymbolCount = 10_000_000;

    private readonly int[] _decoded = new int[SymbolCount];
    private CanonicalHuffmanCode _huffman = null!;
    private byte[] _huffmanBytes = null!;
    private long _huffmanBits;
    private AnsFrequencyTable _ans = null!;
    private byte[] _ansPayload = null!;
    private AnsFrequencyTable _ans16 = null!;
    private byte[] _ans16Payload = null!;
    private int[] _firstCode = null!;
    private int[] _countPerLength = null!;
    private int[] _offsetPerLength = null!;
    private int[] _symbolsByCode = null!;
    private byte[] _contextIndices = null!;
    private byte[] _contextFlags = null!;
    private int _contextKept;
    private static readonly SignificanceLayout FlagLayout = new(2_000, 5_000, 0);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var symbols = new int[SymbolCount];
        var counts = new long[32];
        for (int i = 0; i < symbols.Length; i++)
        {
            double u = random.NextDouble() - 0.5;
            double value = -Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
            symbols[i] = Math.Clamp((int)Math.Floor(value / 0.55) + 16, 0, 31);
            counts[symbols[i]]++;
        }

        _huffman = CanonicalHuffmanCode.FromFrequencies(counts);
        var writer = new BitWriter(SymbolCount / 2);
        HuffmanEncoder.Encode(_huffman, symbols, writer);
        _huffmanBytes = writer.ToArray();
        _huffmanBits = writer.BitLength;
        BuildBitByBitTables();

        // The precision FromCounts picks (12 here: an 8 KB decode table), and 16 (128 KB) to show
        // what a table that outgrows the first-level cache costs.
        _ans = AnsFrequencyTable.FromCounts(counts);
        _ansPayload = RansEncoder.Encode(_ans, symbols);
        _ans16 = AnsFrequencyTable.FromCounts(counts, precision: 16);
        _ans16Payload = RansEncoder.Encode(_ans16, symbols);

        _contextIndices = ContextIndexCoder.Encode(symbols, [SymbolCount], 32);
        var flags = new bool[FlagLayout.ElementCount];
        for (int i = 0; i < flags.Length; i++) flags[i] = random.NextDouble() < 0.08;
        _contextKept = flags.Count(f => f);
        _contextFlags = SignificanceCoder.Encode(flags, FlagLayout);
        if (!SignificanceCoder.Decode(_contextFlags, FlagLayout, _contextKept).SequenceEqual(Enumerable.Range(0, flags.Length).Where(i => flags[i])))
        {
            throw new InvalidOperationException("ContextSignificance does not restore the flags.");
        }

        // A fast wrong decoder is no result: check each against the source once.
        foreach (Action decode in new Action[] { HuffmanTableDriven, HuffmanBitByBit, Rans, RansPrecision16, ContextIndices })
        {
            Array.Clear(_decoded);
            decode();
            if (!_decoded.AsSpan().SequenceEqual(symbols))
            {
                throw new InvalidOperationException($"{decode.Method.Name} does not restore the symbols.");
            }
        }

        Console.WriteLine(
            $"// entropy {Entropy.Bits(counts):F4} bits/symbol; Huffman {_huffmanBits / (double)SymbolCount:F4}; " +
            $"rANS (precision {_ans.Precision}) {_ansPayload.Length * 8.0 / SymbolCount:F4}, table {_ans.SerializedBits} bits; " +
            $"context {_contextIndices.Length * 8.0 / SymbolCount:F4}; significance at 8%: {_contextFlags.Length * 8.0 / FlagLayout.ElementCount:F4} bits/flag");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = SymbolCount, Description = "Huffman, table-driven (HuffmanDecoder)")]
    public void HuffmanTableDriven() =>
        HuffmanDecoder.Decode(_huffman, new BitReader(_huffmanBytes, _huffmanBits), _decoded);

    [Benchmark(OperationsPerInvoke = SymbolCount, Description = "Huffman, bit by bit (textbook canonical)")]
    public void HuffmanBitByBit()
    {
        var reader = new BitReader(_huffmanBytes, _huffmanBits);
        Span<int> decoded = _decoded;
        for (int i = 0; i < decoded.Length; i++)
        {
            decoded[i] = DecodeBitByBit(reader);
        }
    }

    [Benchmark(OperationsPerInvoke = SymbolCount, Description = "rANS, chosen precision (12)")]
    public void Rans() => RansDecoder.Decode(_ans, _ansPayload, _decoded);

    [Benchmark(OperationsPerInvoke = SymbolCount, Description = "rANS, precision 16")]
    public void RansPrecision16() => RansDecoder.Decode(_ans16, _ans16Payload, _decoded);

    [Benchmark(OperationsPerInvoke = SymbolCount, Description = "context, binary tree over 32 indices (5 decisions per symbol)")]
    public void ContextIndices() => ContextIndexCoder.Decode(_contextIndices, [SymbolCount], 32, _decoded);

    [Benchmark(OperationsPerInvoke = SymbolCount, Description = "context, significance flags at 8% (1 decision per flag)")]
    public int ContextSignificance() => SignificanceCoder.Decode(_contextFlags, FlagLayout, _contextKept).Length;

    // Canonical decoding as textbooks give it: extend the codeword a bit at a time until it falls in
    // the range of codes of its length, FirstCode[L] .. FirstCode[L] + Count[L] - 1.
    private int DecodeBitByBit(BitReader reader)
    {
        int value = 0;
        for (int length = 1; length < _firstCode.Length; length++)
        {
            value = (value << 1) | reader.ReadBit();
            int rank = value - _firstCode[length];
            if ((uint)rank < (uint)_countPerLength[length])
            {
                return _symbolsByCode[_offsetPerLength[length] + rank];
            }
        }

        throw new InvalidDataException("No codeword matches.");
    }

    private void BuildBitByBitTables()
    {
        ReadOnlySpan<int> lengths = _huffman.Lengths;
        int maxLength = _huffman.MaxLength;
        _firstCode = new int[maxLength + 1];
        _countPerLength = new int[maxLength + 1];
        _offsetPerLength = new int[maxLength + 1];
        foreach (int length in lengths)
        {
            _countPerLength[length]++;
        }

        _countPerLength[0] = 0;
        var order = Enumerable.Range(0, lengths.Length).Where(s => _huffman.Lengths[s] > 0)
            .OrderBy(s => _huffman.Lengths[s]).ThenBy(s => s).ToArray();
        _symbolsByCode = order;
        int code = 0, offset = 0;
        for (int length = 1; length <= maxLength; length++)
        {
            code = (code + _countPerLength[length - 1]) << 1;
            _firstCode[length] = code;
            _offsetPerLength[length] = offset;
            offset += _countPerLength[length];
        }
    }
}
