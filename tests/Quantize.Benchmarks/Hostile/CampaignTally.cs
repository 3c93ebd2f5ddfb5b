namespace Quantize.Benchmarks.Hostile;

/// <summary>Counts outcomes per kind of damage and keeps the first few failures to print.</summary>
sealed class CampaignTally
{
    readonly SortedDictionary<string, Dictionary<CaseOutcome, int>> counts = new(StringComparer.Ordinal);
    readonly List<string> failures = [];
    long largestAllocation;

    public int Failures { get; private set; }

    public void Record(string kind, CaseResult result)
    {
        if (!counts.TryGetValue(kind, out var byOutcome)) counts[kind] = byOutcome = [];
        byOutcome[result.Outcome] = byOutcome.GetValueOrDefault(result.Outcome) + 1;
        largestAllocation = Math.Max(largestAllocation, result.AllocatedBytes);
        if (result.Outcome is CaseOutcome.Crash or CaseOutcome.Hang)
        {
            Failures++;
            if (failures.Count < 10) failures.Add($"{kind}: {result.Outcome} {result.Detail}");
        }
    }

    public void Print(TextWriter output)
    {
        foreach ((string kind, var byOutcome) in counts)
            output.WriteLine($"  {kind,-9} " + string.Join(", ", Enum.GetValues<CaseOutcome>().Select(o => $"{o} {byOutcome.GetValueOrDefault(o)}")));
        output.WriteLine($"  largest allocation in one case: {largestAllocation / 1_048_576.0:F1} MiB; crashes and hangs: {Failures}");
        foreach (string failure in failures) output.WriteLine($"  ! {failure}");
    }
}
