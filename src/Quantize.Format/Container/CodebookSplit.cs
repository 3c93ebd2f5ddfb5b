using Quantize.Core.Clustering;
using Quantize.Core.Coding;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Container;

/// <summary>
/// One quantization's indices coded in several codebooks (<see cref="CodingGroups"/>, priced by <see cref="CodebookPrice"/>):
/// each coding group of tensors gets a codebook of the levels it uses, holding the same shared values, so every weight
/// restores bit for bit as from one codebook; only the tables and streams differ. The format needs nothing new: every
/// tensor names its codebook (docs/format.md, section 6).
/// </summary>
public static class CodebookSplit
{
    /// <summary>The group as one coded group per coding group; the group itself when one table is cheapest.</summary>
    public static IReadOnlyList<CodedGroup> Of(CodedGroup group)
    {
        int count = group.Tensors.Count;
        var lengths = new long[count];
        var appended = new long[count];
        for (int t = 0; t < count; t++)
        {
            ParameterTensor tensor = group.Tensors[t];
            PrunedTensor? pruned = group.Pruned?[t];
            lengths[t] = pruned?.KeptCount ?? tensor.ElementCount;
            if (pruned != null)
                appended[t] = group.Storage == PrunedStorage.ZeroCluster ? tensor.ElementCount - lengths[t]
                    : group.CodesSignificance ? 0 // significance flags need no fillers
                    : Fillers(pruned);
        }
        Quantization whole = group.Quantization;
        IReadOnlyList<CodingGroup> coding = CodingGroups.Partition(whole.Assignment, lengths, whole.Centers, PriceOf(group, appended), appended);
        if (coding.Count <= 1) return [group];
        return coding.Select(g => new CodedGroup(Pick(group.Tensors, g.Tensors),
                new Quantization([.. g.Levels.Select(l => whole.Centers[l])], g.Renumber(whole.Assignment, lengths)), group.Coding)
            {
                Pruned = group.Pruned == null ? null : Pick(group.Pruned, g.Tensors),
                Storage = group.Storage,
                Scales = group.Scales == null ? null : Pick(group.Scales, g.Tensors),
                GridStep = group.GridStep,
            }).ToList();
    }

    /// <summary>
    /// The body of <paramref name="groups"/> with each split by <see cref="Of"/>, its tensors listed in the order given
    /// (a codebook's stream follows its tensors' order in the list, which a split keeps, so the streams are unchanged).
    /// </summary>
    public static NqzBody Build(ModelProto model, IReadOnlyList<CodedGroup> groups, Settings settings, string producer)
    {
        NqzBody body = NqzBuilder.Build(model, groups.SelectMany(Of).ToList(), settings, producer);
        var order = groups.SelectMany(g => g.Tensors).Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        QuantizedTensor[] listed = [.. body.Tensors.OrderBy(t => order[t.Name])];
        body.Tensors.Clear();
        body.Tensors.AddRange(listed);
        return body;
    }

    /// <summary>
    /// How the group's codebooks are priced. ANS tables at the precision one table for the whole group would take: a
    /// group's best precision is rarely far from it, and choosing it anew for every price is 20 times slower (seconds on
    /// a model of a few thousand levels).
    /// </summary>
    static CodebookPrice PriceOf(CodedGroup group, long[] appended)
    {
        if (group.Coding != SymbolCoding.Ans) return new CodebookPrice(group.Coding, gridStep: group.GridStep);
        long[] counts = [.. group.Quantization.Counts, appended.Sum()];
        return new CodebookPrice(group.Coding, AnsFrequencyTable.FromCounts(counts).Precision, group.GridStep);
    }

    /// <summary>Filler entries the positions of <paramref name="pruned"/> take: one per 2^b pruned elements in a row (docs/format.md, section 9b).</summary>
    internal static long Fillers(PrunedTensor pruned)
    {
        long fillers = 0, run = 0, span = 1L << pruned.GapBits;
        foreach (bool kept in pruned.Kept)
        {
            if (kept)
            {
                fillers += run / span;
                run = 0;
            }
            else run++;
        }
        return fillers + run / span;
    }

    static List<T> Pick<T>(IReadOnlyList<T> items, int[] indices) => [.. indices.Select(i => items[i])];
}
