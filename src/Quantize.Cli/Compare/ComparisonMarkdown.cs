using System.Globalization;
using System.Text;

namespace Quantize.Cli.Compare;

/// <summary>The comparison as a Markdown table with every storage term, ready to paste into a document.</summary>
public static class ComparisonMarkdown
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Format(IReadOnlyList<ComparisonRow> rows)
    {
        bool baseline = rows.Any(r => r.RatioVersusBaseline != null);
        var text = new StringBuilder();
        text.Append("| row | method | clusters | kept | accuracy (%) | fine-tuned (%) | change (points) | ratio (eq. 1) |");
        if (baseline) text.Append(" × baseline |");
        text.Append(" weights (bits) | positions (bits) | tables (bits) | total (bits) | container (bytes) |\n");
        text.Append("|---|---|--:|--:|--:|--:|--:|--:|");
        if (baseline) text.Append("--:|");
        text.Append("--:|--:|--:|--:|--:|\n");
        foreach (ComparisonRow row in rows)
        {
            text.Append(C, $"| {row.Label} | {row.Method} | {Text(row.Clusters)} | {Percent((double)row.Kept / row.Parameters)} | ");
            text.Append(C, $"{Text(row.QuantizedAccuracy, "F2")} | {FineTuned(row)} | {Text(row.AccuracyChange, "+0.00;-0.00;0.00")} | {row.CompressionRatio:F2} |");
            if (baseline) text.Append(C, $" {Text(row.RatioVersusBaseline, "F2")} |");
            text.Append(C, $" {row.WeightBits:N0} | {row.PositionBits:N0} | {row.TableBits:N0} | {row.TotalBits:N0} | {Text(row.ContainerBytes)} |\n");
        }
        return text.ToString();
    }

    // With other seeds' runs the cell reads "91.20 (91.05, 91.31)": this row's run, then the others in seed order.
    static string FineTuned(ComparisonRow row)
    {
        string own = Text(row.FineTunedAccuracy, "F2");
        if (row.OtherSeedAccuracies.Count == 0) return own;
        return $"{own} ({string.Join(", ", row.OtherSeedAccuracies.Select(a => a.ToString("F2", C)))})";
    }

    static string Percent(double fraction) => fraction.ToString("P2", C).Replace(" ", "");

    static string Text(double? value, string format) => value?.ToString(format, C) ?? "–";

    static string Text(long? value) => value?.ToString("N0", C) ?? "–";

    static string Text(int? value) => value?.ToString(C) ?? "–";
}
