namespace Quantize.Cli.Sweep;

/// <summary>Assembles a <see cref="SweepReport"/> from rows, in canonical order with the counts filled in; shared by sweep and merge.</summary>
public static class SweepReports
{
    public static SweepReport Create(string command, SweepSettings settings, string? shard, IReadOnlyList<string>? mergedFrom, double? originalAccuracy,
        IEnumerable<SweepRow> rows)
    {
        List<SweepRow> ordered = rows.OrderBy(r => SweepGrid.MethodRank(r.Method)).ThenBy(r => r.Bits).ThenBy(r => SweepGrid.CodingRank(r.Coding)).ToList();
        return new SweepReport(ToolInfo.Producer, command, settings, shard, mergedFrom, ordered.Count, ordered.Count(r => !r.IsOk), originalAccuracy, ordered);
    }
}
