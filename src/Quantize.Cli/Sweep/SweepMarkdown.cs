using System.Globalization;
using System.Text;

namespace Quantize.Cli.Sweep;

/// <summary><c>sweep.md</c>: what was run and how to rerun it, the figures, and the results table.</summary>
public static class SweepMarkdown
{
    public const string FileName = "sweep.md";

    public static string Document(SweepReport report)
    {
        var text = new StringBuilder();
        text.Append("# Sweep of ").Append(Path.GetFileName(report.Settings.Model)).Append("\n\n");
        text.Append("Produced by ").Append(report.Producer).Append(" with:\n\n```sh\n").Append(report.Command).Append("\n```\n\n");
        if (report.MergedFrom is { Count: > 0 } shards)
        {
            text.Append("Merged from ").Append(shards.Count).Append(" shards:\n\n```sh\n");
            foreach (string shard in shards) text.Append(shard).Append('\n');
            text.Append("```\n\n");
        }
        text.Append(Headline(report)).Append("\n\n");
        text.Append($"![{SweepPlots.CodewordName(report)}]({SweepPlots.CodewordName(report)}.png)\n\n");
        text.Append($"![{SweepPlots.RatioName(report)}]({SweepPlots.RatioName(report)}.png)\n\n");
        text.Append(Table(report.Rows));
        return text.ToString();
    }

    /// <summary>One paragraph: the model, the weights, where accuracy comes from, and how many settings ran and failed.</summary>
    public static string Headline(SweepReport report)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        SweepSettings s = report.Settings;
        string accuracy = report.OriginalAccuracy is { } original
            ? string.Format(c, "top-1 accuracy on {0:N0} test images (original model {1:F2}%)", s.TestSamples, original)
            : "accuracy not measured (--no-eval)";
        string shard = report.Shard is { } part ? $" This is shard {part}." : "";
        string tuning = s.FineTuning is { } t
            ? string.Format(c, "; shared values fine-tuned for {0} epoch{1} on {2:N0} training images ({3}, lr {4})",
                t.Epochs, t.Epochs == 1 ? "" : "s", t.TrainImages, t.Aggregate, t.LearningRate)
            : "";
        return string.Format(c, "{0:N0} parameters, all layers quantized together; importance weights: {1}{2}; {3}. {4} settings ({5}), {6} failed.{7}",
            s.Parameters, s.Hessian, tuning, accuracy, report.Total, Grid(s), report.Failed, shard);
    }

    /// <summary>The results as a Markdown table, one row per setting in canonical order.</summary>
    public static string Table(IReadOnlyList<SweepRow> rows)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        bool fineTuned = rows.Any(r => r.Accuracy.FineTuned != null);
        var text = new StringBuilder();
        text.Append("| method | coding | bits | clusters | entropy (bits) | avg codeword (bits) | distortion | ratio (eq. 1) | container (bytes) | accuracy (%) |");
        if (fineTuned) text.Append(" fine-tuned (%) |");
        text.Append(" drop (points) | status |\n");
        text.Append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|").Append(fineTuned ? "--:|" : "").Append("--:|---|\n");
        foreach (SweepRow r in rows)
        {
            text.Append(string.Format(c, "| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7} | {8} | {9} |",
                r.Method, r.Coding, r.Bits, r.Clusters?.ToString(c) ?? "–", Number(r.EntropyBits, "F3"), Number(r.AverageCodewordBits, "F3"),
                Number(r.Distortion, "E3"), Number(r.CompressionRatio, "F2"), r.ContainerBytes?.ToString("N0", c) ?? "–", Number(r.Accuracy.Quantized, "F2")));
            if (fineTuned) text.Append(' ').Append(Number(r.Accuracy.FineTuned, "F2")).Append(" |");
            text.Append(' ').Append(Number(r.AccuracyDrop, "+0.00;-0.00;0.00")).Append(" | ");
            text.Append(r.IsOk ? r.Status : $"{r.Status}: {Escape(r.Error ?? "")}").Append(" |\n");
        }
        return text.ToString();
    }

    static string Grid(SweepSettings s) =>
        $"{string.Join(", ", s.Methods)} × bits {SweepGrid.FormatBits(s.Bits)} × {string.Join(", ", s.Codings)}";

    static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";

    static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
