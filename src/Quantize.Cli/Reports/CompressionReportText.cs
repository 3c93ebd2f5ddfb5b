using System.Globalization;

namespace Quantize.Cli.Reports;

/// <summary>The human-readable form of a <see cref="CompressionReport"/>: headline, eq. (1) terms, per-layer table.</summary>
public static class CompressionReportText
{
    public static void Write(TextWriter writer, CompressionReport r)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string target = r.RateTarget is { } rate ? string.Format(c, "target {0} bits", rate)
            : r.RequestedClusters is { } k ? $"{k} requested" : "per-layer sizes";
        string solver = r.Solver is null ? "" : $" ({r.Solver})";
        string scope = r.PerLayer ? $"{r.Codebooks} codebooks, one per layer" : "all layers at once";
        writer.WriteLine(string.Format(c, "{0} -> {1}: {2} parameters, {3}{4} {5}, {6}; {7} clusters ({8}); weights: {9}",
            r.Model, r.Output, r.Parameters, r.Method, solver, r.Coding, scope, r.Clusters, target, r.Hessian.Source));
        writer.WriteLine(string.Format(c, "compression ratio {0:F2}x (eq. 1); file {1} bytes = {2:F2}x of float32",
            r.CompressionRatio, r.Sizes.ContainerBytes, r.ContainerRatio));
        writer.WriteLine(string.Format(c, "entropy {0:F4} bits, average codeword {1:F4} bits, distortion {2:E4}",
            r.EntropyBits, r.AverageCodewordBits, r.Distortion));
        writer.WriteLine(string.Format(c, "bits: original {0}, weights {1}, indices {2}, table {3} (codewords {4} + shared values {5}), total {6}",
            r.Sizes.OriginalBits, r.Sizes.WeightBits, r.Sizes.IndexBits, r.Sizes.TableBits, r.Sizes.CodewordTableBits, r.Sizes.SharedValueBits, r.Sizes.TotalBits));
        if (r.Accuracy.Original is { } original && r.Accuracy.Quantized is { } quantized)
            writer.WriteLine(string.Format(c, "accuracy: original {0:F2}%, quantized {1:F2}% ({2:+0.00;-0.00;0.00} points) on {3} test images",
                original, quantized, quantized - original, r.Accuracy.TestSamples));
        else
            writer.WriteLine("accuracy: not measured (--no-eval)");

        writer.WriteLine();
        writer.WriteLine(string.Format(c, "{0,-24} {1,-12} {2,12} {3,12} {4,10} {5,9}", "layer", "shape", "parameters", "bits", "bits/param", "clusters"));
        foreach (LayerReport layer in r.Layers)
            writer.WriteLine(string.Format(c, "{0,-24} {1,-12} {2,12} {3,12} {4,10:F3} {5,9}",
                layer.Name, layer.Shape, layer.Parameters, layer.Bits, layer.AverageCodewordBits, layer.Clusters));
    }
}
