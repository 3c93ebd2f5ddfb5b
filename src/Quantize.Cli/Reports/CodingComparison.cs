using Quantize.Core.Accounting;
using Quantize.Core.Coding;

namespace Quantize.Cli.Reports;

/// <summary>
/// The index bits of the same clusters under each coder, side by side with the entropy bound N·H, so a
/// report shows what Huffman wastes and how close ANS comes. Tables are included in each coder's figure.
/// </summary>
public sealed record CodingComparison(double EntropyBoundBits, long FixedBits, long HuffmanBits, long AnsBits)
{
    public static CodingComparison Of(IEnumerable<long[]> clusterCounts)
    {
        double bound = 0;
        long fixedBits = 0, huffman = 0, ans = 0;
        foreach (long[] counts in clusterCounts)
        {
            long n = counts.Sum();
            bound += n * Entropy.Bits(counts);
            int k = counts.Length;
            int width = FixedLengthCode.BitsPerSymbol(k);
            fixedBits += n * width + (long)k * width;
            CanonicalHuffmanCode code = CanonicalHuffmanCode.FromFrequencies(counts);
            huffman += HuffmanEncoder.EncodedBitLength(code, counts) + code.Lengths.ToArray().Sum();
            AnsFrequencyTable table = AnsFrequencyTable.FromCounts(counts);
            ans += (long)Math.Ceiling(table.CostBits(counts)) + RansStateBits + table.SerializedBits;
        }
        return new CodingComparison(bound, fixedBits, huffman, ans);
    }

    // The encoder flushes its two 64-bit states; the payload exceeds the ideal cost by about this much.
    const int RansStateBits = 128;
}
