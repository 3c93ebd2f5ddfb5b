using System.Runtime.CompilerServices;

namespace Quantize.Core.Clustering;

/// <summary>
/// Turns a labelling into a <see cref="Quantization"/>: each label's shared value is the (weighted) mean
/// of its members, empty labels are dropped, and the rest are renumbered in increasing order of value.
/// Every method ends here, so the ordering and no-empty-cluster guarantees live in one place.
/// </summary>
static class QuantizationBuilder
{
    /// <param name="labels">A label in [0, labelCount) per value; renumbered in place and kept as the assignment.</param>
    /// <param name="weights">Per-value weights for weighted means, or empty for plain means.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Quantization Build(ReadOnlySpan<float> values, ReadOnlySpan<float> weights, int[] labels, int labelCount)
    {
        var counts = new long[labelCount];
        var sums = new double[labelCount];
        var weightTotals = new double[labelCount];
        var weightedSums = new double[labelCount];
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            counts[label]++;
            sums[label] += values[i];
            if (!weights.IsEmpty)
            {
                weightTotals[label] += weights[i];
                weightedSums[label] += (double)weights[i] * values[i];
            }
        }

        var used = new List<(float Center, int Label)>();
        for (int label = 0; label < labelCount; label++)
        {
            if (counts[label] == 0) continue;
            // A cluster whose members all weigh zero costs nothing wherever its value is; the plain mean is a sensible place.
            double mean = weightTotals[label] > 0 ? weightedSums[label] / weightTotals[label] : sums[label] / counts[label];
            used.Add(((float)mean, label));
        }
        used.Sort((a, b) => a.Center != b.Center ? a.Center.CompareTo(b.Center) : a.Label.CompareTo(b.Label));

        // Two clusters that round to the same float reconstruct identically, so they are one cluster (lower entropy, same error).
        var renumber = new int[labelCount];
        var centers = new List<float>(used.Count);
        foreach ((float center, int label) in used)
        {
            if (centers.Count == 0 || centers[^1] != center) centers.Add(center);
            renumber[label] = centers.Count - 1;
        }
        for (int i = 0; i < labels.Length; i++) labels[i] = renumber[labels[i]];
        return new Quantization(centers.ToArray(), labels);
    }
}
