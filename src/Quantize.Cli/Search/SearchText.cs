using System.Globalization;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Search;

/// <summary>compress --search in words: a progress line per probe, the table of probes, the choice and its test check.</summary>
public static class SearchText
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>e.g. "search 3/12: uniform step 0.14: 61,234 bytes (28.19x), validation 90.85% (drop 0.38 points): meets --max-accuracy-drop 0.5".</summary>
    public static string ProgressLine(SearchProbe p, SearchRequest request)
    {
        string of = request.Grid is { } points ? $"grid {p.Index}" : $"search {p.Index}";
        string setting = $"{p.Method} {p.Knob} {Value(p)}";
        if (p.Error is { } error) return $"{of}: {setting}: not made ({error})";
        return string.Format(C, "{0}: {1}: {2:N0} bytes ({3:F2}x), validation {4}: {5} {6}", of, setting, p.ContainerBytes, p.CompressionRatio,
            Quality(p), p.MeetsBudget ? "meets" : "misses", request.Budget.Describe());
    }

    public static string Value(SearchProbe p) => p.Knob == "clusters" ? p.Value.ToString("0", C) : p.Value.ToString("G4", C);

    /// <summary>The validation quality measured: accuracy and drop, and the fidelity where measured.</summary>
    public static string Quality(SearchProbe p)
    {
        var parts = new List<string>();
        if (p.ValidationAccuracy is { } accuracy)
            parts.Add(string.Format(C, "{0:F2}% (drop {1:0.00} points)", accuracy, p.ValidationDrop));
        if (p.ValidationCosineMin is { } cosine) parts.Add(string.Format(C, "min cosine {0:F4}", cosine));
        if (p.ValidationAgreement is { } agreement) parts.Add(string.Format(C, "agreement {0:F4}", agreement));
        return parts.Count == 0 ? "not measured" : string.Join(", ", parts);
    }

    public static void Write(TextWriter writer, IReadOnlyList<SearchProbe> probes, SearchResult result)
    {
        writer.WriteLine();
        string noise = result.ValidationStandardErrorPoints is { } se ? string.Format(C, ", accuracy to ±{0:0.00} points", se) : "";
        writer.WriteLine(string.Format(C, "search for the smallest file with {0} on {1} validation samples (seed {2}, carved from the training data{3}): {4} evaluations",
            result.Budget, result.ValidationSamples, result.ValidationSeed, noise, result.Evaluations));
        writer.WriteLine(string.Format(C, "{0,3} {1,-8} {2,-9} {3,10} {4,12} {5,9}  {6}", "#", "method", "knob", "value", "bytes", "ratio", "validation"));
        foreach (SearchProbe p in probes)
            writer.WriteLine(string.Format(C, "{0,3} {1,-8} {2,-9} {3,10} {4,12:N0} {5,9:F2}  {6}{7}{8}", p.Index, p.Method, p.Knob, Value(p),
                p.ContainerBytes, p.CompressionRatio, p.Error ?? Quality(p), p.MeetsBudget ? "  meets" : "", p.Chosen ? "  <- chosen" : ""));
        if (result.Chosen is { } chosen)
            writer.WriteLine(string.Format(C, "chosen: {0} {1} {2}, {3:N0} bytes ({4:F2}x), validation {5}", chosen.Method, chosen.Knob, Value(chosen),
                chosen.ContainerBytes, chosen.CompressionRatio, Quality(chosen)));
        if (result.Test is { } test) writer.WriteLine(TestLine(test, result.Budget));
    }

    /// <summary>The chosen file on test, honestly: the drop there, whether it keeps the budget, and the test set's own noise.</summary>
    public static string TestLine(SearchTestCheck test, string budget)
    {
        var parts = new List<string>();
        if (test.Drop is { } drop) parts.Add(string.Format(C, "drop {0:0.00} points", drop));
        if (test.CosineMin is { } cosine) parts.Add(string.Format(C, "min cosine {0:F4}", cosine));
        if (test.Agreement is { } agreement) parts.Add(string.Format(C, "agreement {0:F4}", agreement));
        string verdict = test.MeetsBudget == true ? $"keeps {budget} there too"
            : test.MissedBy is { } missed && test.StandardErrorPoints is { } se
                ? string.Format(C, "misses {0} by {1:0.00} points ({2} the test set's standard error)", budget, missed, missed <= se ? "within" : "beyond")
                : $"misses {budget}";
        string noise = test.StandardErrorPoints is { } error ? string.Format(C, "; test standard error {0:0.00} points", error) : "";
        return string.Format(C, "test ({0} samples, never used to choose): {1}: {2}{3}", test.Samples, string.Join(", ", parts), verdict, noise);
    }

    /// <summary>The one stderr line when no setting met the budget.</summary>
    public static string FailureLine(SearchResult result)
    {
        string best = result.Best is { } b
            ? string.Format(C, "; best reached: {0} at {1:N0} bytes ({2:F2}x, {3} {4} {5})", Quality(b), b.ContainerBytes, b.CompressionRatio, b.Method, b.Knob, Value(b))
            : "";
        return $"no setting met {result.Budget} on validation in {result.Evaluations} evaluations{best}; no file written";
    }
}
