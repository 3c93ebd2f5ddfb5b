using System.Globalization;
using System.Text;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Search;

/// <summary>The Markdown section compress --search adds to a CI job page: the verdict, the choice, its test check and the probes.</summary>
public static class SearchSummary
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Format(string model, IReadOnlyList<SearchProbe> probes, SearchResult result)
    {
        var text = new StringBuilder();
        text.Append("## quantize compress --search: ").Append(Path.GetFileName(model)).Append("\n\n");
        text.Append("**").Append(result.Met
            ? $"smallest file with {result.Budget} on validation: {result.Chosen!.ContainerBytes:N0} bytes ({result.Chosen.CompressionRatio:F2}x)"
            : SearchText.FailureLine(result)).Append("**\n\n");
        text.Append(string.Format(C, "{0} evaluations on {1} validation samples carved from the training data (seed {2}); {3}.\n\n",
            result.Evaluations, result.ValidationSamples, result.ValidationSeed, result.Strategy));
        if (result.Test is { } test) text.Append(SearchText.TestLine(test, result.Budget)).Append(".\n\n");
        text.Append("| # | method | knob | value | bytes | ratio | validation | meets |\n|--:|---|---|--:|--:|--:|---|---|\n");
        foreach (SearchProbe p in probes)
            text.Append(string.Format(C, "| {0} | {1} | {2} | {3} | {4:N0} | {5:F2} | {6} | {7} |\n", p.Index, p.Method, p.Knob, SearchText.Value(p),
                p.ContainerBytes, p.CompressionRatio, p.Error ?? SearchText.Quality(p), p.Chosen ? "chosen" : p.MeetsBudget ? "yes" : "no"));
        return text.Append('\n').ToString();
    }
}
