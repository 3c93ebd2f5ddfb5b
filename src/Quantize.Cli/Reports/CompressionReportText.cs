using System.Globalization;

namespace Quantize.Cli.Reports;

/// <summary>The human-readable form of a <see cref="CompressionReport"/>: headline, eq. (1) terms, per-layer table.</summary>
public static class CompressionReportText
{
    public static void Write(TextWriter writer, CompressionReport r)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string target = r.RateTarget is { } rate ? string.Format(c, "target {0} bits", rate)
            : r.Step is { } step ? string.Format(c, "step {0}{1}", step, r.Scale == "none" ? "" : $" of each {r.Scale}'s RMS")
            : r.RequestedClusters is { } k ? $"{k} requested" : "per-layer sizes";
        string solver = r.Solver is null ? "" : $" ({r.Solver})";
        string scope = r.PerLayer ? $"{r.Codebooks} codebooks, one per layer" : "all layers at once";
        writer.WriteLine(string.Format(c, "{0} -> {1}: {2} parameters, {3}{4} {5}, {6}; {7} clusters ({8}); weights: {9}",
            r.Model, r.Output, r.Parameters, r.Method, solver, r.Coding, scope, r.Clusters, target, r.Hessian.Source));
        writer.WriteLine(string.Format(c, "compression ratio {0:F2}x (eq. 1); file {1} bytes = {2:F2}x of float32",
            r.CompressionRatio, r.Sizes.ContainerBytes, r.ContainerRatio));
        writer.WriteLine(string.Format(c, "entropy {0:F4} bits, average codeword {1:F4} bits, distortion {2:E4}",
            r.EntropyBits, r.AverageCodewordBits, r.Distortion));
        string scales = (r.Sizes.ScaleBits == 0 ? "" : string.Format(c, ", scales {0}", r.Sizes.ScaleBits))
                        + (r.Sizes.ExemptBits == 0 ? "" : string.Format(c, ", kept exact {0}", r.Sizes.ExemptBits));
        writer.WriteLine(string.Format(c, "bits: original {0}, weights {1}, indices {2}, table {3} (codewords {4} + shared values {5}){6}, total {7}",
            r.Sizes.OriginalBits, r.Sizes.WeightBits, r.Sizes.IndexBits, r.Sizes.TableBits, r.Sizes.CodewordTableBits, r.Sizes.SharedValueBits, scales,
            r.Sizes.TotalBits));
        if (r.CodingGroups is { } groups) writer.WriteLine(CodingGroupsLine(groups, r.Sizes.ContainerBytes));
        if (r.Probe is { } probe)
            writer.WriteLine(probe.SkippedBecause is { } why
                ? probe.BlindShare is { } blind
                    ? string.Format(c, "probe: failed ({0}); every grid share is {1:G} of its size-based one, a margin for what could not be measured", why, blind)
                    : $"probe: skipped, the grid shares are by size only ({why})"
                : string.Format(c, "probe: {0} tensors measured on {1}, {2} given a finer share, {3} a coarser one; output error {4:G3} -> {5:G3} predicted, {6:G3} measured{7}",
                    probe.Measured, probe.Inputs, probe.Refined, probe.Coarsened, probe.TrialError, probe.PredictedError, probe.JointError,
                    probe.AllocationTarget == Pipeline.GridShares.ProbeTarget ? "" : string.Format(c, " (allocated for {0:G3})", probe.AllocationTarget)));
        if (r.Exempt.Count > 0)
            writer.WriteLine(string.Format(c, "kept exact (--keep): {0} parameters in {1}", r.Exempt.Sum(t => t.Parameters),
                string.Join(", ", r.Exempt.Select(t => $"{t.Name} ({t.Shape})"))));
        if (LowSqnr(r.Layers, r.Scale) is { } low) writer.WriteLine(low);
        if (r.Pruned > 0)
        {
            writer.WriteLine(string.Format(c, "pruned {0} of {1} parameters ({2:F2}% sparse), {3} kept; positions {4}: index bits {5} + gap tables {6}",
                r.Pruned, r.Parameters, 100 * r.Sparsity, r.Kept, r.Positions.Mode, r.Sizes.IndexBits, r.Sizes.IndexTableBits));
            writer.WriteLine(string.Format(c, "total bits with index-diff {0}, with zero-cluster {1}",
                r.Positions.IndexDiffBits?.ToString(c) ?? "-", r.Positions.ZeroClusterBits?.ToString(c) ?? "-"));
        }
        if (r.Accuracy.Original is { } original && r.Accuracy.Quantized is { } quantized)
            writer.WriteLine(string.Format(c, "accuracy: original {0:F2}%, quantized {1:F2}% ({2:+0.00;-0.00;0.00} points) on {3} test images",
                original, quantized, quantized - original, r.Accuracy.TestSamples));
        if (r.Accuracy.Original is { } before && r.Accuracy.FineTuned is { } tuned && r.FineTuning is { } f)
            writer.WriteLine(string.Format(c, "fine-tuned: {0:F2}% ({1:+0.00;-0.00;0.00} points) after {2} epoch(s) on {3} training images ({4} gradients, lr {5}); loss by epoch {6}",
                tuned, tuned - before, f.Epochs, f.TrainingImages, f.Aggregate, f.LearningRate, string.Join(", ", f.EpochLosses.Select(l => l.ToString("F4", c)))));
        if (r.Fidelity is { } fidelity) FidelityText.Write(writer, fidelity);
        if (r.QualityNote is { } note) writer.WriteLine($"quality: not measured, weights only: {note}");
        else if (r.Fidelity == null && r.Accuracy.Original == null) writer.WriteLine("accuracy: not measured (--no-eval)");
        else if (r.Accuracy.Original == null) writer.WriteLine("accuracy: not measured (the test data has no labels, or the model gives no class scores)");

        writer.WriteLine();
        writer.WriteLine(string.Format(c, "{0,-24} {1,-12} {2,12} {3,12} {4,12} {5,10} {6,9} {7,11}",
            "layer", "shape", "parameters", "kept", "bits", "bits/kept", "clusters", "index bits"));
        foreach (LayerReport layer in r.Layers)
            writer.WriteLine(string.Format(c, "{0,-24} {1,-12} {2,12} {3,12} {4,12} {5,10:F3} {6,9} {7,11}",
                layer.Name, layer.Shape, layer.Parameters, layer.Kept, layer.Bits, layer.AverageCodewordBits, layer.Clusters,
                layer.IndexBits + layer.IndexTableBits));
        if (r.Layers.Any(l => l.PositionBitsPerKept != null || l.IndependentPositionBitsPerKept != null))
        {
            // Issue 15, item 3: what the positions and indices cost per kept parameter beside their references.
            writer.WriteLine();
            writer.WriteLine(string.Format(c, "{0,-24} {1,12} {2,12} {3,12} {4,12} {5,12}",
                "per kept parameter", "positions", "H(p)/p", "index diffs", "indices", "H0(indices)"));
            foreach (LayerReport layer in r.Layers)
                writer.WriteLine(string.Format(c, "{0,-24} {1,12} {2,12} {3,12} {4,12:F3} {5,12:F3}", layer.Name,
                    layer.PositionBitsPerKept?.ToString("F3", c) ?? "-", layer.IndependentPositionBitsPerKept?.ToString("F3", c) ?? "-",
                    layer.IndexDifferenceBitsPerKept is { } d ? $"{d.ToString("F3", c)} ({layer.IndexDifferenceGapBits}b)" : "-",
                    layer.AverageCodewordBits, layer.IndexEntropyBitsPerKept));
        }
    }

    /// <summary>How the indices were coded in groups, and what that saved against one table.</summary>
    public static string CodingGroupsLine(CodingGroupsReport groups, long containerBytes)
    {
        if (groups.SavedBytes == 0) return "coding groups: one table; codebooks of tensors of like spread would not make the file smaller";
        return string.Format(CultureInfo.InvariantCulture,
            "coding groups: indices in {0} codebooks of tensors of like spread ({1} shared values stored for {2} clusters); file {3} bytes ({4:F2}%) " +
            "and eq. (1) {5} bits smaller than with one table (--one-table)",
            groups.Codebooks, groups.SharedValues, groups.OneTableSharedValues, groups.SavedBytes,
            100.0 * groups.SavedBytes / (containerBytes + groups.SavedBytes), groups.SavedBits);
    }

    /// <summary>Below this a tensor's restored values are more noise than a faithful copy (about 10% relative error).</summary>
    public const double LowSqnrDb = 20;

    /// <summary>At most this many tensors are named on the low-SQNR line, the worst first; the JSON report lists every tensor's.</summary>
    const int LowSqnrNamed = 5;

    /// <summary>The line naming the tensors whose SQNR is below <see cref="LowSqnrDb"/> (the worst few), or null when there are none.</summary>
    public static string? LowSqnr(IReadOnlyList<LayerReport> layers, string scale)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        LayerReport[] low = layers.Where(l => l.SqnrDb is { } db && db < LowSqnrDb).ToArray();
        if (low.Length == 0) return null;
        // A model of hundreds of tensors must not print hundreds of names: the worst few, in model order, and a count.
        var named = low.OrderBy(l => l.SqnrDb).Take(LowSqnrNamed).ToHashSet();
        string list = string.Join(", ", low.Where(named.Contains).Select(l => string.Format(c, "{0} ({1:F1} dB)", l.Name, l.SqnrDb)));
        string more = low.Length > LowSqnrNamed ? string.Format(c, " and {0} more (--json lists all)", low.Length - LowSqnrNamed) : "";
        string remedy = scale == "channel" ? "more bits, or --keep NAME" : "--scale channel, more bits, or --keep NAME";
        return $"low SQNR: {list}{more}; raise it with {remedy}";
    }
}
