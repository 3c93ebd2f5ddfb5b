using System.Diagnostics;

namespace Quantize.Core.Coding;

/// <summary>Optimal length-limited prefix-code lengths (package-merge, Larmore and Hirschberg 1990).</summary>
public static class HuffmanCodeLengths
{
    // Package weights reach at most (levels) x (total frequency); this bound keeps them far from overflow.
    private const long MaxTotalFrequency = long.MaxValue >> 6;

    /// <summary>
    /// Code lengths minimising sum(frequency x length) among prefix codes whose lengths are at most
    /// <paramref name="maxLength"/>. Unused symbols (frequency 0) get length 0; a single used symbol
    /// gets length 1. Ties are broken by symbol value, so the result depends only on the input.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A frequency is negative, their sum exceeds 2^57, or more than 2^maxLength symbols are used.
    /// </exception>
    public static int[] Compute(ReadOnlySpan<long> frequencies, int maxLength = CanonicalHuffmanCode.MaxCodeLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, CanonicalHuffmanCode.MaxCodeLength);

        var lengths = new int[frequencies.Length];
        (long Weight, int Symbol)[] leaves = CollectUsedSymbols(frequencies);
        int n = leaves.Length;
        if (maxLength < 31 && n > 1 << maxLength)
        {
            throw new ArgumentException(
                $"{n} used symbols cannot have codes of at most {maxLength} bits (the limit is {1 << maxLength}).",
                nameof(frequencies));
        }

        if (n <= 1)
        {
            if (n == 1)
            {
                lengths[leaves[0].Symbol] = 1;
            }

            return lengths;
        }

        // Lightest first; equal weights in symbol order.
        Array.Sort(leaves);
        var weights = new long[n];
        for (int i = 0; i < n; i++)
        {
            weights[i] = leaves[i].Weight;
        }

        // An optimal code never needs more than n - 1 bits, so deeper levels are wasted work.
        int levels = Math.Min(maxLength, n - 1);
        int[] leavesPerLevel = SelectLeaves(weights, levels);
        for (int level = 0; level < levels; level++)
        {
            // Each level's selected leaves are a prefix of the sorted order: the lightest symbols
            // collect the most levels and so the longest codes.
            for (int i = 0; i < leavesPerLevel[level]; i++)
            {
                lengths[leaves[i].Symbol]++;
            }
        }

        return lengths;
    }

    private static (long Weight, int Symbol)[] CollectUsedSymbols(ReadOnlySpan<long> frequencies)
    {
        int used = 0;
        long total = 0;
        for (int i = 0; i < frequencies.Length; i++)
        {
            long f = frequencies[i];
            if (f < 0)
            {
                throw new ArgumentException($"Frequency of symbol {i} is negative ({f}).", nameof(frequencies));
            }

            if (f > 0)
            {
                used++;
                total += f;
                if (total > MaxTotalFrequency || total < 0)
                {
                    throw new ArgumentException(
                        $"The frequencies sum to more than {MaxTotalFrequency}.", nameof(frequencies));
                }
            }
        }

        var leaves = new (long Weight, int Symbol)[used];
        for (int i = 0, j = 0; i < frequencies.Length; i++)
        {
            if (frequencies[i] > 0)
            {
                leaves[j++] = (frequencies[i], i);
            }
        }

        return leaves;
    }

    /// <summary>
    /// Package-merge over <paramref name="levels"/> levels of coins; returns, per level (index 0 =
    /// widest coins, depth 1), how many of the sorted leaves are in the optimal selection.
    /// </summary>
    private static int[] SelectLeaves(long[] sortedWeights, int levels)
    {
        int n = sortedWeights.Length;

        // isPackage[level][i]: whether item i of that level's merged list is a package.
        // The deepest level holds only leaves, so it needs no flags.
        var isPackage = new bool[levels - 1][];
        var current = new long[2 * n];
        var next = new long[2 * n];
        sortedWeights.CopyTo(current, 0);
        int currentCount = n;

        for (int level = levels - 2; level >= 0; level--)
        {
            int packages = currentCount / 2;
            var flags = new bool[n + packages];
            int leaf = 0, package = 0, count = 0;
            while (leaf < n || package < packages)
            {
                bool takeLeaf = package == packages
                    || (leaf < n && sortedWeights[leaf] <= current[2 * package] + current[2 * package + 1]);
                if (takeLeaf)
                {
                    next[count++] = sortedWeights[leaf++];
                }
                else
                {
                    flags[count] = true;
                    next[count++] = current[2 * package] + current[2 * package + 1];
                    package++;
                }
            }

            isPackage[level] = flags;
            (current, next) = (next, current);
            currentCount = count;
        }

        // Total coin width n - 1 at width 1/2 per item: the 2n - 2 cheapest items of the top list.
        var leavesPerLevel = new int[levels];
        int take = 2 * n - 2;
        for (int level = 0; level < levels; level++)
        {
            if (level == levels - 1)
            {
                Debug.Assert(take <= n, "the deepest level has only n leaves");
                leavesPerLevel[level] = take;
                break;
            }

            bool[] flags = isPackage[level];
            Debug.Assert(take <= flags.Length, "n <= 2^levels guarantees enough items");
            int packagesTaken = 0;
            for (int i = 0; i < take; i++)
            {
                if (flags[i])
                {
                    packagesTaken++;
                }
            }

            leavesPerLevel[level] = take - packagesTaken;
            take = 2 * packagesTaken;
        }

        return leavesPerLevel;
    }
}
