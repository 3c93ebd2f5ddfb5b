namespace Quantize.Cli.Reports;

/// <summary>
/// What <c>quantize sensitivity</c> measured: one quantization of all layers at once, and per layer how much validation
/// accuracy is lost when that layer alone takes its quantized values (the rest float), beside its share of the bits.
/// </summary>
public sealed record SensitivityReport(
    string Model,
    long Parameters,
    string Method,
    string Coding,
    int Clusters,
    string Scale,
    HessianReport Hessian,
    int ValidationSamples,
    int ValidationSeed,
    double? OriginalAccuracy,
    double? AllLayersAccuracy,
    double AverageCodewordBits,
    double CompressionRatio,
    IReadOnlyList<LayerSensitivity> Layers)
{
    /// <summary>The layer that costs the most accuracy per bit it saves; null where no layer loses any.</summary>
    public string? CostliestLayer { get; init; }
}

/// <summary>
/// One learned tensor: its size, the mean importance weight of its parameters (as the quantizer saw them; null without
/// weights), the validation accuracy with only it quantized and the drop from the original, the bits per parameter it takes
/// in the all-layers codebook, and the drop per megabit it saves (32 bits a parameter, less what it is coded in).
/// </summary>
public sealed record LayerSensitivity(
    string Name,
    string Shape,
    long Parameters,
    double? MeanImportance,
    double? AccuracyAlone,
    double? DropAlone,
    double BitsPerParameter,
    double SavedMegabits,
    double? DropPerSavedMegabit);
