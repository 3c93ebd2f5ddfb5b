namespace Quantize.Cli.Gates;

/// <summary>
/// Checks one result against the gates: the ratio must be at least --min-ratio, and the accuracy drop
/// (original − quantized, in points; after fine-tuning where that ran) at most --max-accuracy-drop.
/// </summary>
public static class GateCheck
{
    /// <summary>One phrase per failed gate, e.g. "compression ratio 9.45 &lt; --min-ratio 10 (short by 0.55)"; empty when all pass.</summary>
    public static IReadOnlyList<string> Failures(GateThresholds gates, double ratio, double? accuracyDrop)
    {
        var failures = new List<string>();
        if (gates.MinRatio is { } minRatio && !(ratio >= minRatio))
        {
            (string value, string gap) = GateNumbers.Against(ratio, minRatio);
            failures.Add($"compression ratio {value} < --min-ratio {GateNumbers.Threshold(minRatio)} (short by {gap})");
        }
        if (gates.MaxAccuracyDrop is { } maxDrop)
        {
            if (accuracyDrop is not { } drop)
            {
                failures.Add($"accuracy was not measured, so --max-accuracy-drop {GateNumbers.Threshold(maxDrop)} cannot be checked");
            }
            else if (!(drop <= maxDrop))
            {
                (string value, string gap) = GateNumbers.Against(drop, maxDrop);
                failures.Add($"accuracy drop {value} points > --max-accuracy-drop {GateNumbers.Threshold(maxDrop)} (over by {gap})");
            }
        }
        return failures;
    }

    public static bool MeetsAccuracy(GateThresholds gates, double? accuracyDrop) =>
        gates.MaxAccuracyDrop is not { } maxDrop || accuracyDrop is { } drop && drop <= maxDrop;

    /// <summary>The verdict for a single result (compress).</summary>
    public static GateVerdict Evaluate(GateThresholds gates, double ratio, double? accuracyDrop)
    {
        if (!gates.Any) return GateVerdict.NotGated;
        IReadOnlyList<string> failures = Failures(gates, ratio, accuracyDrop);
        return failures.Count == 0
            ? new GateVerdict(true, null, $"gates passed: {gates.Describe()}")
            : new GateVerdict(false, $"gate failed: {string.Join("; ", failures)}", $"gate failed: {string.Join("; ", failures)}");
    }
}
