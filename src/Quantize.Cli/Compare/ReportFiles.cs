using System.Text.Json;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Compare;

/// <summary>Reads the <c>[LABEL=]FILE</c> arguments of <c>compare</c>: JSON written by <c>compress --json</c>.</summary>
public static class ReportFiles
{
    /// <param name="arguments"><c>[LABEL=]FILE</c> each.</param>
    /// <param name="seedRuns">Also read each FILE's runs with other fine-tuning seeds: NAME.seed&lt;N&gt;.json beside NAME.json.</param>
    public static IReadOnlyList<ComparedReport> Read(IEnumerable<string> arguments, bool seedRuns = false)
    {
        var reports = new List<ComparedReport>();
        foreach (string argument in arguments)
        {
            (string label, string path) = Split(argument);
            if (!File.Exists(path)) throw new FileNotFoundException($"report not found: {path}", path);
            CompressionReport report = ReadReport(path);
            reports.Add(new ComparedReport(label, path, report) { OtherSeeds = seedRuns ? OtherSeeds(path, report) : [] });
        }
        return reports;
    }

    static CompressionReport ReadReport(string path)
    {
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
        return report;
    }

    // Fine-tuning moves shared values only, so a run with another seed must code the same bits; a file that does not is
    // another compression left behind under the same name, and showing its accuracy as a seed's would mislead.
    static IReadOnlyList<CompressionReport> OtherSeeds(string path, CompressionReport main)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string stem = Path.GetFileNameWithoutExtension(path);
        var runs = new List<(long Seed, CompressionReport Report)>();
        foreach (string file in Directory.EnumerateFiles(folder, stem + ".seed*.json"))
        {
            string seedText = Path.GetFileNameWithoutExtension(file)[(stem.Length + ".seed".Length)..];
            if (!long.TryParse(seedText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long seed)) continue;
            CompressionReport other = ReadReport(file);
            if (other.Sizes.TotalBits != main.Sizes.TotalBits || other.Accuracy.FineTuned == null)
                throw new ReportFileException($"'{file}' is not '{path}' fine-tuned with another seed " +
                                              $"({other.Sizes.TotalBits} bits against {main.Sizes.TotalBits}, fine-tuned: {other.Accuracy.FineTuned != null})");
            runs.Add((seed, other));
        }
        return [.. runs.OrderBy(r => r.Seed).Select(r => r.Report)];
    }

    // A label is whatever precedes the first '=' unless that text is an existing file (paths may hold '=').
    static (string Label, string Path) Split(string argument)
    {
        int equals = argument.IndexOf('=');
        if (equals > 0 && !File.Exists(argument)) return (argument[..equals], argument[(equals + 1)..]);
        return (Path.GetFileNameWithoutExtension(argument), argument);
    }
}
