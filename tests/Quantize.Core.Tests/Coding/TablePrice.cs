using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

/// <summary>
/// A plain codebook price for the tests: the Huffman stream's bits plus a fixed cost per stored value (its value and its
/// code length), and a fixed cost per tensor that names another codebook than the first.
/// </summary>
sealed class TablePrice(double bitsPerValue, double referenceBits = 16) : ICodebookPrice
{
    public double TensorReferenceBits => referenceBits;

    public double Bits(ReadOnlySpan<long> counts, ReadOnlySpan<float> values)
    {
        int[] lengths = HuffmanCodeLengths.Compute(counts);
        double bits = 0;
        for (int j = 0; j < counts.Length; j++) bits += counts[j] * lengths[j];
        return bits + bitsPerValue * values.Length;
    }

    /// <summary>What <paramref name="groups"/> cost in all: their codebooks and the references of the tensors outside the first.</summary>
    public double Of(IReadOnlyList<CodingGroup> groups, int[] symbols, long[] lengths, float[] values)
    {
        double bits = referenceBits * groups.Skip(1).Sum(g => g.Tensors.Length);
        foreach (CodingGroup group in groups)
        {
            var counts = new long[group.Levels.Length];
            foreach (int symbol in group.Renumber(symbols, lengths)) counts[symbol]++;
            bits += Bits(counts, group.Levels.Select(l => values[l]).ToArray());
        }
        return bits;
    }
}
