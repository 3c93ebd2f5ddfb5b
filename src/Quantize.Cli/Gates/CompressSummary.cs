using System.Globalization;
using System.Text;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Gates;

/// <summary>The Markdown summary of one <c>compress</c> run for a CI job page: gate verdict, headline numbers, per-layer table.</summary>
public static class CompressSummary
{
    public static string Format(CompressionReport r, GateVerdict verdict)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("## quantize compress: ").Append(Path.GetFileName(r.Model)).Append(" → ").Append(Path.GetFileName(r.Output)).Append("\n\n");
        if (verdict.Summary is { } gates) text.Append("**").Append(gates).Append("**\n\n");
        text.Append(string.Format(c, "{0}{1}, {2} coding, {3} clusters, {4:N0} parameters, importance weights: {5}.\n\n",
            r.Method, r.Solver is { } solver ? $" ({solver})" : "", r.Coding, r.Clusters, r.Parameters, r.Hessian.Source));
        text.Append("| compression ratio (eq. 1) | container (bytes) | entropy (bits) | avg codeword (bits) | distortion | original accuracy (%) | quantized accuracy (%) | drop (points) |\n");
        text.Append("|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        double? drop = r.Accuracy.Original is { } original && r.Accuracy.Quantized is { } quantized ? original - quantized : null;
        text.Append(string.Format(c, "| {0:F2} | {1:N0} | {2:F3} | {3:F3} | {4:E3} | {5} | {6} | {7} |\n\n",
            r.CompressionRatio, r.Sizes.ContainerBytes, r.EntropyBits, r.AverageCodewordBits, r.Distortion,
            Number(r.Accuracy.Original, "F2"), Number(r.Accuracy.Quantized, "F2"), Number(drop, "+0.00;-0.00;0.00")));
        text.Append("| layer | shape | parameters | bits | bits/parameter | clusters |\n|---|---|--:|--:|--:|--:|\n");
        foreach (LayerReport layer in r.Layers)
        {
            text.Append(string.Format(c, "| {0} | {1} | {2:N0} | {3:N0} | {4:F3} | {5} |\n",
                layer.Name, layer.Shape, layer.Parameters, layer.Bits, layer.AverageCodewordBits, layer.Clusters));
        }
        return text.ToString();
    }

    static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "not measured";
}
