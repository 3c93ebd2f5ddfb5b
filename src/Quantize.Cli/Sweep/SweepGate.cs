using System.Globalization;
using Quantize.Cli.Gates;

namespace Quantize.Cli.Sweep;

/// <summary>
/// The gate rule for a sweep: it passes when at least one completed setting meets every gate. The setting
/// named is the best one: among those meeting the accuracy gate (all, without one), the highest compression
/// ratio; when none meets it, the smallest accuracy drop. Failed settings never pass a gate.
/// </summary>
public static class SweepGate
{
    public static GateVerdict Evaluate(GateThresholds gates, IReadOnlyList<SweepRow> rows)
    {
        if (!gates.Any) return GateVerdict.NotGated;
        List<SweepRow> completed = rows.Where(r => r.IsOk).ToList();
        if (completed.Count == 0)
        {
            string none = $"gate failed: no setting completed ({rows.Count} failed), so none meets {gates.Describe()}";
            return new GateVerdict(false, none, none);
        }

        List<SweepRow> passing = completed.Where(r => GateCheck.Failures(gates, r.CompressionRatio!.Value, r.AccuracyDrop).Count == 0).ToList();
        if (passing.Count > 0)
        {
            SweepRow best = Highest(passing);
            return new GateVerdict(true, null, $"gates passed: {passing.Count} of {completed.Count} settings meet {gates.Describe()}; best: {Describe(best)}");
        }

        List<SweepRow> accurate = completed.Where(r => GateCheck.MeetsAccuracy(gates, r.AccuracyDrop)).ToList();
        SweepRow closest = accurate.Count > 0 ? Highest(accurate) : completed.OrderBy(r => r.AccuracyDrop ?? double.MaxValue).First();
        string line = $"gate failed: none of {completed.Count} settings meets {gates.Describe()}; best: {Label(closest)}, " +
                      string.Join("; ", GateCheck.Failures(gates, closest.CompressionRatio!.Value, closest.AccuracyDrop));
        return new GateVerdict(false, line, line);
    }

    public static string Label(SweepRow row) => $"{row.Method} {row.Bits} bits {row.Coding}";

    // Ties keep canonical order, so the named setting does not depend on how the rows were produced.
    static SweepRow Highest(List<SweepRow> rows) => rows.OrderByDescending(r => r.CompressionRatio!.Value).First();

    static string Describe(SweepRow row)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string drop = row.AccuracyDrop is { } d ? string.Create(c, $" (drop {d:+0.00;-0.00;0.00} points)") : "";
        return string.Create(c, $"{Label(row)}, ratio {row.CompressionRatio:F2}{drop}");
    }
}
