namespace Quantize.Cli.Gates;

/// <summary>The CI gates asked for: the least compression ratio and the most accuracy drop (points) allowed; null = not gated.</summary>
public sealed record GateThresholds(double? MinRatio, double? MaxAccuracyDrop)
{
    public static GateThresholds None { get; } = new(null, null);

    public bool Any => MinRatio != null || MaxAccuracyDrop != null;

    /// <summary>The gates in words, e.g. "--min-ratio 10 and --max-accuracy-drop 0.5".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (MinRatio is { } ratio) parts.Add($"--min-ratio {GateNumbers.Threshold(ratio)}");
        if (MaxAccuracyDrop is { } drop) parts.Add($"--max-accuracy-drop {GateNumbers.Threshold(drop)}");
        return string.Join(" and ", parts);
    }
}
