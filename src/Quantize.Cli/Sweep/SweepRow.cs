using System.Text.Json.Serialization;

namespace Quantize.Cli.Sweep;

/// <summary>
/// One setting of a sweep (method × bits × coding) and what it gave. A failed setting keeps its method,
/// coding and bits, says why in <see cref="Error"/>, and leaves the measurements null.
/// </summary>
public sealed record SweepRow(
    string Method,
    string Coding,
    int Bits,
    int? Clusters,
    double? EntropyBits,
    double? AverageCodewordBits,
    double? Distortion,
    double? CompressionRatio,
    SweepSizes? Sizes,
    long? ContainerBytes,
    SweepAccuracy Accuracy,
    string Status,
    string? Error)
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    // Derived values stay out of sweep.json, which holds what was measured, column for column as sweep.csv.
    [JsonIgnore]
    public bool IsOk => Status == Ok;

    /// <summary>The accuracy a user ships: after fine-tuning where that ran, else right after quantization.</summary>
    [JsonIgnore]
    public double? FinalAccuracy => Accuracy.FineTuned ?? Accuracy.Quantized;

    /// <summary>Points of top-1 accuracy lost: original − final; null where not measured.</summary>
    [JsonIgnore]
    public double? AccuracyDrop => Accuracy.Original is { } original && FinalAccuracy is { } final ? original - final : null;

    public static SweepRow FailedRow(SweepUnit unit, string coding, string error) =>
        new(unit.MethodName, coding, unit.Bits, null, null, null, null, null, null, null, new SweepAccuracy(null, null, null), Failed, error);
}
