using System.Text.Json;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Compare;

/// <summary>Reads the <c>[LABEL=]FILE</c> arguments of <c>compare</c>: JSON written by <c>compress --json</c>.</summary>
public static class ReportFiles
{
    public static IReadOnlyList<ComparedReport> Read(IEnumerable<string> arguments)
    {
        var reports = new List<ComparedReport>();
        foreach (string argument in arguments)
        {
            (string label, string path) = Split(argument);
            if (!File.Exists(path)) throw new FileNotFoundException($"report not found: {path}", path);
            CompressionReport? report;
            try
            {
                report = JsonSerializer.Deserialize<CompressionReport>(File.ReadAllText(path), JsonOutput.Options);
            }
            catch (JsonException e)
            {
                throw new ReportFileException($"'{path}' is not a report of 'quantize compress --json': {e.Message}");
            }
            if (report?.Sizes == null || report.Layers == null || report.Accuracy == null)
                throw new ReportFileException($"'{path}' is not a report of 'quantize compress --json' (sizes, layers or accuracy missing)");
            reports.Add(new ComparedReport(label, path, report));
        }
        return reports;
    }

    // A label is whatever precedes the first '=' unless that text is an existing file (paths may hold '=').
    static (string Label, string Path) Split(string argument)
    {
        int equals = argument.IndexOf('=');
        if (equals > 0 && !File.Exists(argument)) return (argument[..equals], argument[(equals + 1)..]);
        return (Path.GetFileNameWithoutExtension(argument), argument);
    }
}
