using System.Text;
using Quantize.Cli.Gates;

namespace Quantize.Cli.Sweep;

/// <summary>The Markdown summary of a sweep for a CI job page: gate verdict, headline, the figure (by relative path) and the results table.</summary>
public static class SweepSummary
{
    public static string Format(SweepReport report, GateVerdict verdict, string summaryPath, string outputDirectory)
    {
        var text = new StringBuilder();
        text.Append("## quantize sweep: ").Append(Path.GetFileName(report.Settings.Model)).Append("\n\n");
        if (verdict.Summary is { } gates) text.Append("**").Append(gates).Append("**\n\n");
        text.Append(SweepMarkdown.Headline(report)).Append("\n\n");
        string figure = SweepPlots.CodewordName(report);
        text.Append($"![{figure}]({RelativePath(summaryPath, Path.Combine(outputDirectory, figure + ".png"))})\n\n");
        text.Append(SweepMarkdown.Table(report.Rows));
        return text.ToString();
    }

    static string RelativePath(string from, string to)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(from)) ?? ".";
        return Path.GetRelativePath(folder, Path.GetFullPath(to)).Replace('\\', '/');
    }
}
