namespace Quantize.Cli.Reports;

/// <summary>
/// What <c>compress</c> reports (DESIGN.md §5). Serialised with snake_case keys; every size term of
/// eq. (1) is separate so a reader can recompute the ratio.
/// </summary>
public sealed record CompressionReport(
    string Model,
    string Output,
    long Parameters,
    string Method,
    string Coding,
    string? Solver,
    bool PerLayer,
    int Codebooks,
    int Clusters,
    int? RequestedClusters,
    double? RateTarget,
    double EntropyBits,
    double AverageCodewordBits,
    double Distortion,
    double CompressionRatio,
    double ContainerRatio,
    SizeReport Sizes,
    CodingComparison Coders,
    HessianReport Hessian,
    AccuracyReport Accuracy,
    IReadOnlyList<LayerReport> Layers);

/// <summary>Bits of each term of eq. (1), and the bytes of the file actually written.</summary>
public sealed record SizeReport(
    long OriginalBits,
    long WeightBits,
    long IndexBits,
    long TableBits,
    long CodewordTableBits,
    long SharedValueBits,
    long IndexTableBits,
    long TotalBits,
    long ContainerBytes);

/// <summary>Where the importance weights came from (none, file, adam, or an estimator with its calibration sample count) and the damping added.</summary>
public sealed record HessianReport(string Source, string? File, int? Samples, double? Damping = null);

/// <summary>Top-1 test accuracy in percent; null where not measured.</summary>
public sealed record AccuracyReport(double? Original, double? Quantized, double? FineTuned, long? TestSamples, string? Data);

/// <summary>One quantized tensor: its size, how many parameters were kept (all, without pruning), and its coded bits.</summary>
public sealed record LayerReport(string Name, string Shape, long Parameters, long Kept, long Bits, double AverageCodewordBits, int Codebook, int Clusters);
