using System.Text.Json;
using Quantize.Cli.Reports;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Combines the outputs of the shards of one sweep (<c>--shard 1/n</c> … <c>n/n</c>) into the report the
/// unsharded sweep would have written. Every shard must be there exactly once, and all must come from the
/// same model (by hash) and the same settings; paths may differ between the machines that ran them.
/// </summary>
public static class SweepMerge
{
    public static SweepReport Merge(IReadOnlyList<string> directories, string command)
    {
        var shards = directories.Select(d => (Directory: d, Report: SweepJson.Read(d))).ToList();
        (string firstDirectory, SweepReport first) = shards[0];
        var seen = new Dictionary<int, string>();
        int? count = null;
        foreach ((string directory, SweepReport report) in shards)
        {
            if (report.Shard is not { } text)
                throw new SweepFileException($"{directory} holds a whole sweep, not a shard (merge the outputs of --shard 1/n … n/n)");
            ShardSpec shard;
            try
            {
                shard = ShardSpec.Parse(text);
            }
            catch (UserInputException)
            {
                throw new SweepFileException($"{directory}: '{text}' is not a shard number");
            }
            count ??= shard.Count;
            if (shard.Count != count)
                throw new SweepFileException($"{directory} is shard {shard} but {firstDirectory} is one of {count}; merge shards of one split");
            if (!seen.TryAdd(shard.Index, directory))
                throw new SweepFileException($"shard {shard} is given twice ({seen[shard.Index]} and {directory})");
            if (Difference(first.Settings, report.Settings) is { } field)
                throw new SweepFileException($"{directory} comes from another sweep than {firstDirectory}: its {field} differs");
        }
        int[] missing = Enumerable.Range(1, count!.Value).Where(i => !seen.ContainsKey(i)).ToArray();
        if (missing.Length > 0)
            throw new SweepFileException($"shard {string.Join(", ", missing.Select(i => $"{i}/{count}"))} is missing; merge every shard of the sweep");

        List<SweepRow> rows = shards.SelectMany(s => s.Report.Rows).ToList();
        var duplicate = rows.GroupBy(r => (r.Method, r.Bits, r.Coding)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new SweepFileException($"the setting {duplicate.Key.Method} {duplicate.Key.Bits} bits {duplicate.Key.Coding} appears in more than one shard");
        double? original = shards.Select(s => s.Report.OriginalAccuracy).FirstOrDefault(a => a != null);
        return SweepReports.Create(command, first.Settings, null, shards.Select(s => s.Report.Command).ToList(), original, rows);
    }

    /// <summary>The first setting (snake_case, as in sweep.json) in which two shards differ; paths to the model and data may.</summary>
    static string? Difference(SweepSettings a, SweepSettings b)
    {
        JsonElement left = JsonSerializer.SerializeToElement(a with { Model = "", Data = null }, JsonOutput.Options);
        JsonElement right = JsonSerializer.SerializeToElement(b with { Model = "", Data = null }, JsonOutput.Options);
        foreach (JsonProperty property in left.EnumerateObject())
            if (!right.TryGetProperty(property.Name, out JsonElement other) || other.GetRawText() != property.Value.GetRawText())
                return property.Name;
        return null;
    }
}
