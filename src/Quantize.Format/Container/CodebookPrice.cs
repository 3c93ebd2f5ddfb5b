using Google.Protobuf;
using Quantize.Core.Coding;
using Quantize.Format.Container.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// A codebook's cost in a container, in bits, as <see cref="NqzBuilder"/> writes it: the <see cref="Codebook"/> message
/// with its values, code table and stream, and the body's framing of it. Exact for HUFFMAN and FIXED coding (the code
/// lengths and stream length follow from the counts); for ANS the payload is its ideal cost plus the flushed states, to
/// within a few bytes.
/// </summary>
/// <param name="coding">The codebook's coding.</param>
/// <param name="ansPrecision">
/// ANS: the precision to price frequency tables at (at least what the used values need); null prices each at the precision
/// the writer would choose, which tries every precision (<see cref="AnsFrequencyTable.FromCounts"/>) and is 20 times slower.
/// </param>
/// <param name="gridStep">The step the values may be stored as levels of (<see cref="SharedValues.Store"/>), as the group's.</param>
public sealed class CodebookPrice(SymbolCoding coding, int? ansPrecision = null, float? gridStep = null) : ICodebookPrice
{
    /// <summary>A tensor's <c>codebook</c> field: its tag and a one-byte index (codebooks 1 … 127).</summary>
    public double TensorReferenceBits => 16;

    public double Bits(ReadOnlySpan<long> counts, ReadOnlySpan<float> values)
    {
        var codebook = new Codebook { Coding = coding };
        SharedValues.Store(codebook, values, gridStep); // as NqzBuilder stores the shared values
        long symbols = 0;
        foreach (long count in counts) symbols += count;
        codebook.SymbolCount = (ulong)symbols;
        long streamBytes;
        switch (coding)
        {
            case SymbolCoding.Huffman:
                int[] lengths = HuffmanCodeLengths.Compute(counts, NqzLimits.MaxCodeLength);
                long bits = 0;
                for (int j = 0; j < lengths.Length; j++) bits += counts[j] * lengths[j];
                foreach (int length in lengths) codebook.CodeLengths.Add((uint)length);
                codebook.StreamBits = (ulong)bits;
                streamBytes = (bits + 7) / 8;
                break;
            case SymbolCoding.Fixed:
                codebook.StreamBits = (ulong)(symbols * FixedLengthCode.BitsPerSymbol(values.Length));
                streamBytes = ((long)codebook.StreamBits + 7) / 8;
                break;
            case SymbolCoding.Ans:
                int needed = values.Length <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(values.Length - 1));
                AnsFrequencyTable table = AnsFrequencyTable.FromCounts(counts, ansPrecision is { } p ? Math.Max(p, needed) : null);
                codebook.AnsTableBits = (ulong)table.SerializedBits;
                codebook.AnsTable = ByteString.CopyFrom(new byte[(table.SerializedBits + 7) / 8]);
                // Two 64-bit final states, then 32-bit words for what they do not hold (RansEncoder).
                streamBytes = 16 + 4 * (long)Math.Max(0, Math.Ceiling((table.CostBits(counts) - 64) / 32));
                // A source too dense for a reader's allocation bound is written with Huffman codes (CodedIndices).
                if (symbols > streamBytes * 8 * NqzLimits.MaxAnsSymbolsPerBit) return new CodebookPrice(SymbolCoding.Huffman, gridStep: gridStep).Bits(counts, values);
                codebook.StreamBits = (ulong)streamBytes * 8;
                break;
            case SymbolCoding.Context:
                // The adaptive coder comes within a few percent of the order-0 entropy; its flush adds 4 bytes.
                double ideal = 0;
                foreach (long count in counts) if (count > 0) ideal += count * Math.Log2((double)symbols / count);
                streamBytes = 4 + (long)Math.Ceiling(ideal / 8);
                codebook.StreamBits = (ulong)streamBytes * 8;
                break;
            default:
                throw new ArgumentException($"cannot price {coding}");
        }
        long size = codebook.CalculateSize() + (streamBytes == 0 ? 0 : 1 + CodedOutputStream.ComputeLengthSize((int)streamBytes) + streamBytes);
        return 8.0 * (1 + CodedOutputStream.ComputeLengthSize((int)size) + size);
    }
}
