using System.Numerics;

namespace Quantize.Core.Coding.Context;

/// <summary>
/// Codes cluster indices 0..k−1 as a binary tree over the index, most significant bit first, each node a context of its own
/// (docs/format.md, section 16.2): an adaptive order-0 model per segment. A bit whose 1-branch would name an index ≥ k is not
/// coded (it is 0), so no index out of range can be decoded. Each segment (one tensor's indices) starts from fresh models: the
/// model sets are per layer. One stream per codebook.
/// </summary>
public static class ContextIndexCoder
{
    /// <summary>Largest codebook: the tree's contexts of one segment live in one array of 2^⌈log2 k⌉ models.</summary>
    public const int MaxSymbols = 1 << 20;

    /// <summary>Binary decisions a symbol takes at most: ⌈log2 k⌉ (0 for k = 1).</summary>
    public static int Depth(int k) => k <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(k - 1));

    public static byte[] Encode(ReadOnlySpan<int> symbols, ReadOnlySpan<long> segments, int k)
    {
        CheckAlphabet(k);
        int depth = Depth(k);
        var models = new AdaptiveBit[1 << depth];
        var encoder = new BinaryRangeEncoder(symbols.Length / 2 + 16);
        int at = 0;
        foreach (long length in segments)
        {
            if (length < 0 || at + length > symbols.Length) throw new ArgumentException("the segments cover more than the symbols", nameof(segments));
            Array.Fill(models, AdaptiveBit.Initial);
            for (long i = 0; i < length; i++, at++)
            {
                int symbol = symbols[at];
                if ((uint)symbol >= (uint)k) throw new ArgumentOutOfRangeException(nameof(symbols), symbol, $"index outside 0..{k - 1}");
                int node = 1, value = 0;
                for (int bit = depth - 1; bit >= 0; bit--)
                {
                    int one = value | 1 << bit;
                    if (one >= k)
                    {
                        node <<= 1; // the 1-branch is empty: 0 without a decision
                        continue;
                    }
                    int decision = symbol >> bit & 1;
                    encoder.Encode(ref models[node], decision);
                    node = node << 1 | decision;
                    if (decision == 1) value = one;
                }
            }
        }
        if (at != symbols.Length) throw new ArgumentException($"the segments cover {at} of {symbols.Length} symbols", nameof(segments));
        return encoder.Finish();
    }

    /// <summary>Fills <paramref name="destination"/> (the segments' total length) with the indices of <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is truncated, too long or corrupt.</exception>
    public static void Decode(ReadOnlySpan<byte> stream, ReadOnlySpan<long> segments, int k, Span<int> destination)
    {
        CheckAlphabet(k);
        int depth = Depth(k);
        var models = new AdaptiveBit[1 << depth];
        var decoder = new BinaryRangeDecoder(stream);
        int at = 0;
        foreach (long length in segments)
        {
            if (length < 0 || at + length > destination.Length) throw new ArgumentException("the segments cover more than the destination", nameof(segments));
            Array.Fill(models, AdaptiveBit.Initial);
            for (long i = 0; i < length; i++)
            {
                int node = 1, value = 0;
                for (int bit = depth - 1; bit >= 0; bit--)
                {
                    int one = value | 1 << bit;
                    if (one >= k)
                    {
                        node <<= 1;
                        continue;
                    }
                    int decision = decoder.Decode(ref models[node]);
                    node = node << 1 | decision;
                    if (decision == 1) value = one;
                }
                destination[at++] = value;
            }
        }
        if (at != destination.Length) throw new ArgumentException($"the segments cover {at} of {destination.Length} symbols", nameof(segments));
        decoder.Finish();
    }

    /// <summary>
    /// Each segment's ideal cost in bits (−log2 of each decision's modelled probability): how a report attributes one
    /// codebook's stream to its tensors. Floating point, for reports only.
    /// </summary>
    public static double[] SegmentCosts(ReadOnlySpan<int> symbols, ReadOnlySpan<long> segments, int k)
    {
        CheckAlphabet(k);
        int depth = Depth(k);
        var models = new AdaptiveBit[1 << depth];
        var costs = new double[segments.Length];
        int at = 0;
        for (int s = 0; s < segments.Length; s++)
        {
            Array.Fill(models, AdaptiveBit.Initial);
            for (long i = 0; i < segments[s]; i++)
            {
                int symbol = symbols[at++];
                int node = 1, value = 0;
                for (int bit = depth - 1; bit >= 0; bit--)
                {
                    int one = value | 1 << bit;
                    if (one >= k)
                    {
                        node <<= 1;
                        continue;
                    }
                    int decision = symbol >> bit & 1;
                    costs[s] += models[node].CostBits(decision);
                    models[node].Update(decision);
                    node = node << 1 | decision;
                    if (decision == 1) value = one;
                }
            }
        }
        return costs;
    }

    static void CheckAlphabet(int k)
    {
        if (k < 1 || k > MaxSymbols) throw new ArgumentOutOfRangeException(nameof(k), k, $"codebooks of 1..{MaxSymbols} values");
    }
}
