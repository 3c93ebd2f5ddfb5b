namespace Quantize.Core.Coding;

public static partial class CodingGroups
{
    /// <summary>At most this many passes of moves over the tensors: on real models the moves settle within three or four.</summary>
    const int MaxMovePasses = 8;

    /// <summary>
    /// The groups being formed and their cost: every group's codebook, and a reference per tensor outside the first
    /// codebook, which goes to the group with the most tensors.
    /// </summary>
    sealed class Partitioning
    {
        readonly TensorHistogram[] tensors;
        readonly int k;
        readonly Pricing pricing;
        readonly double referenceBits;

        public Partitioning(TensorHistogram[] tensors, int k, Pricing pricing, double referenceBits, int[] start)
        {
            this.tensors = tensors;
            this.k = k;
            this.pricing = pricing;
            this.referenceBits = referenceBits;
            int count = start.Length == 0 ? 0 : start.Max() + 1;
            var counts = Enumerable.Range(0, count).Select(_ => new long[k + 1]).ToArray();
            var members = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
            for (int t = 0; t < tensors.Length; t++)
            {
                tensors[t].AddTo(counts[start[t]]);
                members[start[t]].Add(t);
            }
            Groups = [.. Enumerable.Range(0, count).Select(g => pricing.Of(counts[g], members[g]))];
        }

        public List<Group> Groups { get; set; }

        public double Bits => Groups.Sum(g => g.Bits) + References(Groups.Select(g => g.Tensors.Count));

        /// <summary>One group of every tensor.</summary>
        public Group Total()
        {
            var counts = new long[k + 1];
            foreach (Group group in Groups) Add(counts, group.Counts);
            return pricing.Of(counts, [.. Enumerable.Range(0, tensors.Length)]);
        }

        double References(IEnumerable<int> sizes) => referenceBits * (tensors.Length - sizes.DefaultIfEmpty(0).Max());

        /// <summary>Merges the adjacent pair that saves the most bits, again and again, until none saves any.</summary>
        public void MergeWhileItSaves()
        {
            // unions[i]: groups i and i + 1 merged and priced, kept until either changes.
            var unions = new List<Group?>(Enumerable.Repeat<Group?>(null, Math.Max(0, Groups.Count - 1)));
            while (Groups.Count > 1)
            {
                double before = References(Groups.Select(g => g.Tensors.Count)), bestSaving = 0;
                int best = -1;
                for (int i = 0; i + 1 < Groups.Count; i++)
                {
                    Group union = unions[i] ??= Union(Groups[i], Groups[i + 1]);
                    double after = References(Groups.Select((g, j) => j == i ? union.Tensors.Count : j == i + 1 ? 0 : g.Tensors.Count));
                    double saving = Groups[i].Bits + Groups[i + 1].Bits + before - union.Bits - after;
                    if (saving > bestSaving)
                    {
                        bestSaving = saving;
                        best = i;
                    }
                }
                if (best < 0) return;
                Groups[best] = unions[best]!;
                Groups.RemoveAt(best + 1);
                unions.RemoveAt(best);
                if (best > 0) unions[best - 1] = null;
                if (best < unions.Count) unions[best] = null;
            }
        }

        /// <summary>
        /// Moves each tensor in turn to the group where the whole costs least, if that saves bits, pass after pass until a
        /// pass moves none: merging whole groups cannot take a tensor from one group to another.
        /// </summary>
        public void MoveWhileItSaves()
        {
            if (Groups.Count < 2) return;
            var owner = new int[tensors.Length];
            for (int g = 0; g < Groups.Count; g++) foreach (int t in Groups[g].Tensors) owner[t] = g;
            for (int pass = 0; pass < MaxMovePasses; pass++)
            {
                bool moved = false;
                for (int t = 0; t < tensors.Length; t++)
                {
                    int from = owner[t];
                    Group source = Groups[from];
                    var without = (long[])source.Counts.Clone();
                    tensors[t].AddTo(without, -1);
                    Group remaining = pricing.Of(without, [.. source.Tensors.Where(u => u != t)]);
                    double before = References(Groups.Select(g => g.Tensors.Count)), bestSaving = 0;
                    Group? best = null;
                    int target = -1;
                    for (int h = 0; h < Groups.Count; h++)
                    {
                        if (h == from) continue;
                        var with = (long[])Groups[h].Counts.Clone();
                        tensors[t].AddTo(with);
                        Group grown = pricing.Of(with, [.. Groups[h].Tensors, t]);
                        double after = References(Groups.Select((g, j) => j == h ? grown.Tensors.Count : j == from ? remaining.Tensors.Count : g.Tensors.Count));
                        double saving = source.Bits + Groups[h].Bits + before - remaining.Bits - grown.Bits - after;
                        if (saving > bestSaving)
                        {
                            bestSaving = saving;
                            best = grown;
                            target = h;
                        }
                    }
                    if (best == null) continue;
                    moved = true;
                    Groups[target] = best;
                    owner[t] = target;
                    if (remaining.Tensors.Count > 0)
                    {
                        Groups[from] = remaining;
                        continue;
                    }
                    Groups.RemoveAt(from);
                    for (int u = 0; u < owner.Length; u++) if (owner[u] > from) owner[u]--;
                }
                if (!moved) return;
            }
        }

        Group Union(Group a, Group b)
        {
            var counts = (long[])a.Counts.Clone();
            Add(counts, b.Counts);
            return pricing.Of(counts, [.. a.Tensors, .. b.Tensors]);
        }

        static void Add(long[] sum, long[] counts)
        {
            for (int j = 0; j < sum.Length; j++) sum[j] += counts[j];
        }
    }
}
