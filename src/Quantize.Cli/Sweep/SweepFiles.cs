using System.Text;
using Quantize.Format.IO;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Writes a sweep's files into its folder (created if missing), each atomically: sweep.csv, sweep.json,
/// sweep.md and both figures as PNG and SVG. Returns the file names written.
/// </summary>
public static class SweepFiles
{
    public const string CsvFileName = "sweep.csv";

    public static IReadOnlyList<string> Write(string directory, SweepReport report)
    {
        Directory.CreateDirectory(directory);
        var files = new List<(string Name, byte[] Bytes)>
        {
            (CsvFileName, Encoding.UTF8.GetBytes(SweepCsv.Format(report.Rows))),
            (SweepJson.FileName, Encoding.UTF8.GetBytes(SweepJson.Format(report))),
            (SweepMarkdown.FileName, Encoding.UTF8.GetBytes(SweepMarkdown.Document(report))),
        };
        files.AddRange(SweepPlots.Render(report));
        foreach ((string name, byte[] bytes) in files) AtomicFile.WriteAllBytes(Path.Combine(directory, name), bytes);
        return files.Select(f => f.Name).ToList();
    }
}
