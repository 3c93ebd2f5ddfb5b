namespace Quantize.Core.Coding;

/// <summary>
/// Tensors of one quantization whose indices share a codebook of their own (<see cref="CodingGroups"/>): which tensors,
/// in their original order, and which of the quantization's levels they use, in increasing order. The group's codebook
/// holds exactly those levels' shared values, so level <c>Levels[j]</c> is coded as symbol j and restores the same value.
/// </summary>
/// <param name="Tensors">Indices of the tensors, increasing.</param>
/// <param name="Levels">The levels (0 … k − 1) the tensors' symbols use, increasing.</param>
/// <param name="UsesAppended">Whether the tensors code the value the container appends after the levels (a pruned zero).</param>
public sealed record CodingGroup(int[] Tensors, int[] Levels, bool UsesAppended)
{
    /// <summary>The group's symbols: its tensors' symbols, concatenated in order, each renumbered to its index in <see cref="Levels"/>.</summary>
    /// <param name="symbols">Every tensor's symbols, concatenated in tensor order.</param>
    /// <param name="lengths">How many of <paramref name="symbols"/> belong to each tensor.</param>
    public int[] Renumber(ReadOnlySpan<int> symbols, ReadOnlySpan<long> lengths)
    {
        var offsets = new long[lengths.Length + 1];
        for (int t = 0; t < lengths.Length; t++) offsets[t + 1] = offsets[t] + lengths[t];
        int k = Levels.Length == 0 ? 0 : Levels[^1] + 1;
        var index = new int[k];
        Array.Fill(index, -1);
        for (int j = 0; j < Levels.Length; j++) index[Levels[j]] = j;

        long total = 0;
        foreach (int t in Tensors) total += lengths[t];
        var renumbered = new int[total];
        int at = 0;
        foreach (int t in Tensors)
            foreach (int symbol in symbols[(int)offsets[t]..(int)offsets[t + 1]])
            {
                int j = (uint)symbol < (uint)k ? index[symbol] : -1;
                if (j < 0) throw new ArgumentException($"tensor {t} codes level {symbol}, which the group does not hold");
                renumbered[at++] = j;
            }
        return renumbered;
    }
}
