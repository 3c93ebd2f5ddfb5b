using System.Text.Json;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Sweep;

/// <summary><c>sweep.json</c>: the whole report in the one JSON style of every output, and reading it back for <c>sweep merge</c>.</summary>
public static class SweepJson
{
    public const string FileName = "sweep.json";

    public static string Format(SweepReport report) => JsonSerializer.Serialize(report, JsonOutput.Options) + "\n";

    /// <exception cref="FileNotFoundException">The folder has no sweep.json.</exception>
    /// <exception cref="SweepFileException">The file is not a sweep report.</exception>
    public static SweepReport Read(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException(Directory.Exists(directory) ? $"no {FileName} in {directory} (is it a sweep's output folder?)" : $"sweep folder not found: {directory}", path);
        SweepReport? report;
        try
        {
            report = JsonSerializer.Deserialize<SweepReport>(File.ReadAllText(path), JsonOutput.Options);
        }
        catch (JsonException e)
        {
            throw new SweepFileException($"{path} is not a sweep report: {e.Message}");
        }
        if (report?.Settings == null || report.Rows == null || report.Rows.Any(r => r?.Accuracy == null))
            throw new SweepFileException($"{path} is not a sweep report: settings or rows are missing");
        return report;
    }
}
