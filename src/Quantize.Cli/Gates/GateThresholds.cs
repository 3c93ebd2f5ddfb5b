namespace Quantize.Cli.Gates;

/// <summary>
/// The CI gates asked for: the least compression ratio and the most accuracy drop (points) allowed, and on fidelity
/// to the original model the least overall minimum cosine (−1..1) and the least overall top-1 agreement (a fraction
/// of samples, 0..1: 0.99 = 99%); null = not gated.
/// </summary>
public sealed record GateThresholds(double? MinRatio, double? MaxAccuracyDrop)
{
    readonly double? minCosine;
    readonly double? minAgreement;

    public static GateThresholds None { get; } = new(null, null);

    /// <summary>--min-cosine: the overall minimum per-sample cosine must be at least this (−1..1).</summary>
    public double? MinCosine
    {
        get => minCosine;
        init => minCosine = value is { } v && !(v >= -1 && v <= 1)
            ? throw new ArgumentOutOfRangeException(nameof(MinCosine), v, "--min-cosine is a cosine similarity from -1 to 1")
            : value;
    }

    /// <summary>--min-agreement: the overall top-1 agreement must be at least this fraction of samples (0..1).</summary>
    public double? MinAgreement
    {
        get => minAgreement;
        init => minAgreement = value is { } v && !(v >= 0 && v <= 1)
            ? throw new ArgumentOutOfRangeException(nameof(MinAgreement), v, "--min-agreement is a fraction of samples from 0 to 1 (0.99 = 99%)")
            : value;
    }

    public bool Any => MinRatio != null || MaxAccuracyDrop != null || MinCosine != null || MinAgreement != null;

    /// <summary>Whether a gate needs fidelity to the original model measured.</summary>
    public bool NeedsFidelity => MinCosine != null || MinAgreement != null;

    /// <summary>The gates in words, e.g. "--min-ratio 10 and --max-accuracy-drop 0.5".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (MinRatio is { } ratio) parts.Add($"--min-ratio {GateNumbers.Threshold(ratio)}");
        if (MaxAccuracyDrop is { } drop) parts.Add($"--max-accuracy-drop {GateNumbers.Threshold(drop)}");
        if (MinCosine is { } cosine) parts.Add($"--min-cosine {GateNumbers.Threshold(cosine)}");
        if (MinAgreement is { } agreement) parts.Add($"--min-agreement {GateNumbers.Threshold(agreement)}");
        return string.Join(" and ", parts);
    }
}
