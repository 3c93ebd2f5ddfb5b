namespace Quantize.Cli.Reports;

/// <summary>
/// One setting the search tried: a row of the report's <c>search</c> list and a progress line. Sizes are the container's
/// real bytes and eq. (1)'s ratio; quality is measured on the validation split only (the test set is not looked at while
/// choosing). <see cref="Error"/> says why a setting could not be made (then it has no size and does not meet the budget).
/// </summary>
public sealed record SearchProbe(
    int Index,
    string Method,
    string Knob,
    double Value,
    long? ContainerBytes,
    double? CompressionRatio,
    double? ValidationAccuracy,
    double? ValidationDrop,
    double? ValidationCosineMin,
    double? ValidationAgreement,
    bool MeetsBudget)
{
    /// <summary>Why the setting could not be made; null when it was.</summary>
    public string? Error { get; init; }

    /// <summary>Whether this is the file written: the smallest that met the budget on validation.</summary>
    public bool Chosen { get; init; }
}
