using System.Globalization;

namespace Quantize.Cli.Sweep;

/// <summary>What <c>sweep</c> prints without --json: an aligned table and where the files went.</summary>
public static class SweepText
{
    public static void Write(TextWriter writer, SweepReport report, string directory, IReadOnlyList<string> files)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        bool fineTuned = report.Settings.FineTuning != null;
        writer.WriteLine(string.Format(c, "{0,-8} {1,-8} {2,4} {3,8} {4,8} {5,8} {6,11} {7,8} {8,10} {9,9}",
            "method", "coding", "bits", "clusters", "entropy", "avg bits", "distortion", "ratio", "bytes", "accuracy")
            + (fineTuned ? string.Format(c, " {0,10}", "fine-tuned") : "") + "  status");
        foreach (SweepRow r in report.Rows)
        {
            writer.WriteLine(string.Format(c, "{0,-8} {1,-8} {2,4} {3,8} {4,8:F3} {5,8:F3} {6,11:E3} {7,8:F2} {8,10} {9,9:F2}",
                r.Method, r.Coding, r.Bits, r.Clusters, r.EntropyBits, r.AverageCodewordBits, r.Distortion, r.CompressionRatio, r.ContainerBytes,
                r.Accuracy.Quantized)
                + (fineTuned ? string.Format(c, " {0,10:F2}", r.Accuracy.FineTuned) : "")
                + "  " + (r.IsOk ? r.Status : $"{r.Status}: {r.Error}"));
        }
        writer.WriteLine(SweepMarkdown.Headline(report));
        writer.WriteLine($"wrote {string.Join(", ", files)} to {directory}");
    }
}
