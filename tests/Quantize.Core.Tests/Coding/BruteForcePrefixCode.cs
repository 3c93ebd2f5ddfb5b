namespace Quantize.Core.Tests.Coding;

/// <summary>
/// Slow, obviously correct references for prefix-code lengths: enumerate every length vector, or
/// run the textbook Huffman merge on a plain list.
/// </summary>
internal static class BruteForcePrefixCode
{
    /// <summary>
    /// Minimum of sum(f x l) over all length vectors of the used symbols with lengths in
    /// 1..min(n - 1, maxLength) and Kraft sum at most 1. Only for a handful of symbols.
    /// </summary>
    public static long OptimalCost(ReadOnlySpan<long> frequencies, int maxLength)
    {
        long[] used = frequencies.ToArray().Where(f => f > 0).ToArray();
        if (used.Length <= 1)
        {
            return used.Length == 0 ? 0 : used[0];
        }

        int longest = Math.Min(used.Length - 1, maxLength);
        var lengths = new int[used.Length];
        long best = long.MaxValue;
        Enumerate(0);
        return best;

        void Enumerate(int index)
        {
            if (index == used.Length)
            {
                double kraft = lengths.Sum(l => Math.Pow(2, -l));
                if (kraft <= 1 + 1e-12)
                {
                    best = Math.Min(best, used.Zip(lengths, (f, l) => f * l).Sum());
                }

                return;
            }

            for (int l = 1; l <= longest; l++)
            {
                lengths[index] = l;
                Enumerate(index + 1);
            }
        }
    }

    /// <summary>
    /// Cost of an unrestricted Huffman code: the sum of all merged weights when the two lightest
    /// nodes are merged until one is left.
    /// </summary>
    public static long HuffmanCost(ReadOnlySpan<long> frequencies)
    {
        var nodes = frequencies.ToArray().Where(f => f > 0).ToList();
        if (nodes.Count == 1)
        {
            return nodes[0];
        }

        long cost = 0;
        while (nodes.Count > 1)
        {
            nodes.Sort();
            long merged = nodes[0] + nodes[1];
            nodes.RemoveRange(0, 2);
            nodes.Add(merged);
            cost += merged;
        }

        return cost;
    }
}
