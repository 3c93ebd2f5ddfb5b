using System.Globalization;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Sensitivity;

/// <summary>The sensitivity table in words: one row per layer, the costliest layer per saved bit marked.</summary>
public static class SensitivityText
{
    public static void Write(TextWriter writer, SensitivityReport r)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Format(c, "{0}: {1} parameters, all layers at once: {2}, {3} clusters, {4} coding, scale {5}, weights: {6}",
            r.Model, r.Parameters, r.Method, r.Clusters, r.Coding, r.Scale, r.Hessian.Source));
        writer.WriteLine(string.Format(c, "validation ({0} samples carved from the training data, seed {1}): original {2:F2}%, all layers quantized {3:F2}% " +
            "({4:F2} bits per parameter, ratio {5:F2})", r.ValidationSamples, r.ValidationSeed, r.OriginalAccuracy, r.AllLayersAccuracy, r.AverageCodewordBits,
            r.CompressionRatio));
        writer.WriteLine();
        writer.WriteLine(string.Format(c, "{0,-28} {1,-12} {2,10} {3,12} {4,10} {5,10} {6,9} {7,12}",
            "layer", "shape", "parameters", "mean h", "alone (%)", "drop", "bits/par", "drop/Mbit"));
        foreach (LayerSensitivity l in r.Layers)
            writer.WriteLine(string.Format(c, "{0,-28} {1,-12} {2,10} {3,12} {4,10:F2} {5,10:0.00} {6,9:F3} {7,12}{8}", l.Name, l.Shape, l.Parameters,
                l.MeanImportance?.ToString("E3", c) ?? "-", l.AccuracyAlone, l.DropAlone, l.BitsPerParameter,
                l.DropPerSavedMegabit?.ToString("0.000", c) ?? "-", l.Name == r.CostliestLayer ? "  <- costs the most per bit saved" : ""));
    }
}
