using System.Globalization;

namespace Quantize.Cli.Reports;

/// <summary>
/// The lines the compress and eval text reports print for a <see cref="FidelityReport"/>:
/// <code>
/// fidelity on 10000 test samples: top-1 agreement 99.21%, cosine mean 0.999620 (min 0.980110), relative L2 0.0276 (SQNR 31.18 dB)
/// </code>
/// With several outputs the first line is the worst of them (what the gates check), then one line per output;
/// then one line per output left out. Agreement shows only where an output is class scores.
/// </summary>
public static class FidelityText
{
    public static IReadOnlyList<string> Lines(FidelityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string>();
        string scope = report.Outputs.Count == 1
            ? $"fidelity of '{report.Outputs[0].Name}'"
            : $"fidelity (worst of {report.Outputs.Count} outputs)";
        lines.Add($"{scope} on {report.Samples.ToString(CultureInfo.InvariantCulture)} test samples: {Measures(report.Overall.Agreement, report.Overall.CosineMean, report.Overall.CosineMin, report.Overall.RelativeL2, report.Overall.SqnrDb)}");
        if (report.Outputs.Count > 1)
            foreach (OutputFidelityReport o in report.Outputs)
                lines.Add($"  '{o.Name}': {Measures(o.Agreement, o.CosineMean, o.CosineMin, o.RelativeL2, o.SqnrDb)}");
        foreach (SkippedOutputReport skipped in report.Skipped)
            lines.Add($"  not compared: '{skipped.Name}' ({skipped.Reason})");
        return lines;
    }

    public static void Write(TextWriter writer, FidelityReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (string line in Lines(report)) writer.WriteLine(line);
    }

    static string Measures(double? agreement, double cosineMean, double cosineMin, double relativeL2, double sqnrDb)
    {
        string agrees = agreement is { } a ? $"top-1 agreement {Percent(a)}, " : "";
        string sqnr = double.IsPositiveInfinity(sqnrDb) ? "SQNR inf dB: identical outputs" : $"SQNR {Number(sqnrDb, "F2")} dB";
        return $"{agrees}cosine mean {Number(cosineMean, "F6")} (min {Number(cosineMin, "F6")}), relative L2 {Number(relativeL2, "F4")} ({sqnr})";
    }

    // 99.996% of a large split must not read as 100.00%: more decimals until it differs from 100.
    static string Percent(double fraction)
    {
        double percent = 100 * fraction;
        int decimals = 2;
        while (fraction < 1 && decimals < 6 && Math.Round(percent, decimals) >= 100) decimals++;
        return percent.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";
    }

    static string Number(double value, string format) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString(format, CultureInfo.InvariantCulture),
    };
}
