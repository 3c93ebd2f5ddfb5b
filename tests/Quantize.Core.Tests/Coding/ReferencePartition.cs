using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

/// <summary>
/// The cheapest coding groups by brute force: every set partition of a handful of tensors (Bell(6) = 203), each priced,
/// the group with the most tensors counted as the first codebook. The slow, obviously right search that
/// <see cref="CodingGroups"/>' greedy one is checked against.
/// </summary>
static class ReferencePartition
{
    public static double CheapestBits(int[] symbols, long[] lengths, float[] values, TablePrice price)
    {
        double best = double.PositiveInfinity;
        foreach (List<List<int>> partition in Partitions(Enumerable.Range(0, lengths.Length).ToList()))
        {
            List<CodingGroup> groups = partition.OrderByDescending(g => g.Count)
                .Select(g => new CodingGroup([.. g], UsedLevels(g, symbols, lengths), false)).ToList();
            best = Math.Min(best, price.Of(groups, symbols, lengths, values));
        }
        return best;
    }

    static int[] UsedLevels(List<int> tensors, int[] symbols, long[] lengths)
    {
        var used = new SortedSet<int>();
        long at = 0;
        for (int t = 0; t < lengths.Length; t++)
        {
            if (tensors.Contains(t)) used.UnionWith(symbols.Skip((int)at).Take((int)lengths[t]));
            at += lengths[t];
        }
        return [.. used];
    }

    static IEnumerable<List<List<int>>> Partitions(List<int> items)
    {
        if (items.Count == 0)
        {
            yield return [];
            yield break;
        }
        int first = items[0];
        foreach (List<List<int>> rest in Partitions(items.Skip(1).ToList()))
        {
            yield return [[first], .. rest];
            for (int i = 0; i < rest.Count; i++)
                yield return [.. rest.Select((g, j) => j == i ? (List<int>)[first, .. g] : g)];
        }
    }
}
