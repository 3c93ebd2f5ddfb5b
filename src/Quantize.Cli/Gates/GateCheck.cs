using Quantize.Core.Fidelity;

namespace Quantize.Cli.Gates;

/// <summary>
/// Checks one result against the gates: the ratio must be at least --min-ratio, the accuracy drop
/// (original − quantized, in points; after fine-tuning where that ran) at most --max-accuracy-drop, and on
/// fidelity to the original (<see cref="FidelityResult.Overall"/>: the worst output) the minimum per-sample
/// cosine at least --min-cosine and the top-1 agreement (a fraction 0..1) at least --min-agreement.
/// </summary>
public static class GateCheck
{
    // Cosines and agreements near 1 need more than two decimals to show what failed.
    const int FidelityDecimals = 4;

    /// <summary>One phrase per failed gate, e.g. "compression ratio 9.45 &lt; --min-ratio 10 (short by 0.55)"; empty when all pass.</summary>
    public static IReadOnlyList<string> Failures(GateThresholds gates, double ratio, double? accuracyDrop) => Failures(gates, ratio, accuracyDrop, null);

    /// <param name="fidelity">The overall fidelity (<see cref="FidelityResult.Overall"/>); null where it was not measured.</param>
    public static IReadOnlyList<string> Failures(GateThresholds gates, double ratio, double? accuracyDrop, FidelityMeasures? fidelity)
    {
        ArgumentNullException.ThrowIfNull(gates);
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
        failures.AddRange(FidelityFailures(gates, fidelity));
        return failures;
    }

    /// <summary>The failed fidelity gates alone, in the words of <see cref="Failures(GateThresholds, double, double?, FidelityMeasures?)"/>.</summary>
    public static IReadOnlyList<string> FidelityFailures(GateThresholds gates, FidelityMeasures? fidelity)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var failures = new List<string>();
        if (gates.MinCosine is { } minCosine)
        {
            if (fidelity == null)
                failures.Add($"fidelity was not measured, so --min-cosine {GateNumbers.Threshold(minCosine)} cannot be checked");
            else if (double.IsNaN(fidelity.CosineMin))
                failures.Add($"minimum cosine is NaN (the model gave non-finite outputs) < --min-cosine {GateNumbers.Threshold(minCosine)}");
            else if (!(fidelity.CosineMin >= minCosine))
            {
                (string value, string gap) = GateNumbers.Against(fidelity.CosineMin, minCosine, FidelityDecimals);
                failures.Add($"minimum cosine {value} < --min-cosine {GateNumbers.Threshold(minCosine)} (short by {gap})");
            }
        }
        if (gates.MinAgreement is { } minAgreement)
        {
            if (fidelity == null)
                failures.Add($"fidelity was not measured, so --min-agreement {GateNumbers.Threshold(minAgreement)} cannot be checked");
            else if (fidelity.Agreement is not { } agreement)
                failures.Add($"top-1 agreement was not measured (no output is class scores [N,C]), so --min-agreement {GateNumbers.Threshold(minAgreement)} cannot be checked");
            else if (!(agreement >= minAgreement))
            {
                (string value, string gap) = GateNumbers.Against(agreement, minAgreement, FidelityDecimals);
                failures.Add($"top-1 agreement {value} < --min-agreement {GateNumbers.Threshold(minAgreement)} (short by {gap})");
            }
        }
        return failures;
    }

    public static bool MeetsAccuracy(GateThresholds gates, double? accuracyDrop) =>
        gates.MaxAccuracyDrop is not { } maxDrop || accuracyDrop is { } drop && drop <= maxDrop;

    /// <summary>Whether the fidelity gates (none asked: true) pass.</summary>
    public static bool MeetsFidelity(GateThresholds gates, FidelityMeasures? fidelity) => FidelityFailures(gates, fidelity).Count == 0;

    /// <summary>The verdict for a single result (compress).</summary>
    public static GateVerdict Evaluate(GateThresholds gates, double ratio, double? accuracyDrop) => Evaluate(gates, ratio, accuracyDrop, null);

    /// <summary>The verdict for a single result (compress) whose fidelity to the original was measured (null: not measured).</summary>
    public static GateVerdict Evaluate(GateThresholds gates, double ratio, double? accuracyDrop, FidelityMeasures? fidelity)
    {
        if (!gates.Any) return GateVerdict.NotGated;
        IReadOnlyList<string> failures = Failures(gates, ratio, accuracyDrop, fidelity);
        return failures.Count == 0
            ? new GateVerdict(true, null, $"gates passed: {gates.Describe()}")
            : new GateVerdict(false, $"gate failed: {string.Join("; ", failures)}", $"gate failed: {string.Join("; ", failures)}");
    }
}
