namespace Quantize.Cli.Compare;

/// <summary>
/// One row of the comparison table. Storage terms are bits of eq. (1): coded weights, pruned positions (with
/// their code tables), and the lookup tables (codewords and shared values).
/// </summary>
public sealed record ComparisonRow(
    string Label,
    string Method,
    int? Clusters,
    long Parameters,
    long Kept,
    double? QuantizedAccuracy,
    double? FineTunedAccuracy,
    double? AccuracyChange,
    double CompressionRatio,
    double? RatioVersusBaseline,
    long WeightBits,
    long PositionBits,
    long TableBits,
    long TotalBits,
    long? ContainerBytes)
{
    /// <summary>Fine-tuned accuracies of the same compression with other fine-tuning seeds (<c>--seed-runs</c>), in seed order.</summary>
    public IReadOnlyList<double> OtherSeedAccuracies { get; init; } = [];
}
