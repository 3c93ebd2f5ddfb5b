using Quantize.Core.Coding;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

namespace Quantize.Cli.Reports;

/// <summary>
/// What one written codebook costs in eq. (1)'s terms, read from the codebook itself: coded index bits,
/// the codeword (or frequency) table, and each index's cost for the per-layer table.
/// </summary>
sealed record CodebookCost(long WeightBits, long CodewordTableBits, double[] SymbolBits)
{
    public static CodebookCost Of(Codebook codebook)
    {
        int k = SharedValues.Count(codebook);
        switch (codebook.Coding)
        {
            case SymbolCoding.Huffman:
                double[] lengths = codebook.CodeLengths.Select(l => (double)l).ToArray();
                return new CodebookCost((long)codebook.StreamBits, (long)lengths.Sum(), lengths);
            case SymbolCoding.Fixed:
                int width = FixedLengthCode.BitsPerSymbol(k);
                return new CodebookCost((long)codebook.StreamBits, (long)k * width, Enumerable.Repeat((double)width, k).ToArray());
            case SymbolCoding.Ans:
                // The payload is one stream; per symbol, the ideal cost log2(M / f) attributes it to layers.
                AnsFrequencyTable table = AnsFrequencyTable.Read(new BitReader(codebook.AnsTable.Memory, (long)codebook.AnsTableBits), k);
                double[] costs = new double[k];
                for (int j = 0; j < k; j++)
                    costs[j] = table.Frequencies[j] == 0 ? 0 : Math.Log2((double)table.TotalFrequency / table.Frequencies[j]);
                return new CodebookCost((long)codebook.StreamBits, (long)codebook.AnsTableBits, costs);
            case SymbolCoding.Context:
                // Adaptive models have no cost per index: ContainerBits attributes the stream to tensors by their ideal costs.
                return new CodebookCost((long)codebook.StreamBits, 0, []);
            default:
                throw new ArgumentException($"unknown coding {codebook.Coding}");
        }
    }
}
