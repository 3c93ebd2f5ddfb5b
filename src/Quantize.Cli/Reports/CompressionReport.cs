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
    IReadOnlyList<LayerReport> Layers,
    long Kept,
    long Pruned,
    double Sparsity,
    PositionsReport Positions)
{
    /// <summary>The scale normalisation (<c>--scale</c>): none, tensor or channel.</summary>
    public string Scale { get; init; } = "none";

    /// <summary>What the sensitivity probe of a fixed-step grid did; null when it did not run (--no-probe, or no fixed step with scales).</summary>
    public ProbeReport? Probe { get; init; }

    /// <summary>How a fixed-step grid's indices were split into coding groups; null when they were not tried (--one-table, or no fixed step).</summary>
    public CodingGroupsReport? CodingGroups { get; init; }

    /// <summary>Learned tensors kept exact (<c>--keep</c>), not quantized: in <see cref="Parameters"/> but not in <see cref="Layers"/>.</summary>
    public IReadOnlyList<ExemptTensor> Exempt { get; init; } = [];

    /// <summary>uniform's cell width (<c>--step</c>, in RMS units under a scale mode); null when the cells were counted or rate-targeted.</summary>
    public double? Step { get; init; }

    /// <summary>How the shared values were fine-tuned; null when they were not.</summary>
    public FineTuningReport? FineTuning { get; init; }

    /// <summary>Fidelity of the decoded model to the original on the test split (docs/fidelity.md); null when quality was not measured.</summary>
    public FidelityReport? Fidelity { get; init; }

    /// <summary>Why quality was not measured although evaluation was on (the model cannot run on the data found); null otherwise.</summary>
    public string? QualityNote { get; init; }

    /// <summary>compress --search: every setting probed, in order (knob, size, validation quality); null without --search.</summary>
    public IReadOnlyList<SearchProbe>? Search { get; init; }

    /// <summary>compress --search: the budget, the validation split, the choice and its test check; null without --search.</summary>
    public SearchResult? SearchResult { get; init; }
}

/// <summary>
/// How pruned weights were stored (<c>index-diff</c> or <c>zero-cluster</c>) and eq. (1)'s total bits under
/// each, so a report shows which is smaller; null where the other was not coded (sweeps).
/// </summary>
public sealed record PositionsReport(string Mode, long? IndexDiffBits, long? ZeroClusterBits);

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
    long ContainerBytes)
{
    /// <summary>The stored scales of <c>--scale</c> (packed: a few bits each, docs/format.md section 9c), a term of eq. (1)'s total; 0 without scales.</summary>
    public long ScaleBits { get; init; }

    /// <summary>The parameters kept exact by <c>--keep</c>, 32 bits each, a term of eq. (1)'s total; 0 without.</summary>
    public long ExemptBits { get; init; }
}

/// <summary>Where the importance weights came from (none, file, adam, or an estimator with its calibration sample count) and the damping added.</summary>
public sealed record HessianReport(string Source, string? File, int? Samples, double? Damping = null);

/// <summary>Top-1 test accuracy in percent; null where not measured.</summary>
public sealed record AccuracyReport(double? Original, double? Quantized, double? FineTuned, long? TestSamples, string? Data);

/// <summary>
/// One quantized tensor: its size, how many parameters were kept (all, without pruning), the codeword bits of
/// its symbols (kept values, plus fillers or zero symbols), those bits per kept parameter, and the bits of its
/// positions and their gap code table (0 for a dense tensor; <see cref="GapBits"/> null).
/// </summary>
public sealed record LayerReport(string Name, string Shape, long Parameters, long Kept, long Bits, double AverageCodewordBits, int Codebook, int Clusters,
    long IndexBits, long IndexTableBits, int? GapBits)
{
    /// <summary>‖ŵ − w‖ / ‖w‖ over the kept values, as the decoder restores them (scales multiplied back); null where not measured.</summary>
    public double? RelativeL2 { get; init; }

    /// <summary>10·log10(Σw² / Σ(ŵ − w)²) in dB over the kept values; +Infinity for a tensor restored exactly, null where not measured.</summary>
    public double? SqnrDb { get; init; }

    /// <summary>Order-0 entropy of the layer's own indices, per kept parameter: the reference for <see cref="AverageCodewordBits"/>.</summary>
    public double IndexEntropyBitsPerKept { get; init; }

    /// <summary>Where the positions are stored (gaps or significance flags): what they cost per kept parameter, tables included; else null.</summary>
    public double? PositionBitsPerKept { get; init; }

    /// <summary>Where pruned: H(p)/p, p the kept fraction — what positions drawn independently at this density cost per kept parameter.</summary>
    public double? IndependentPositionBitsPerKept { get; init; }

    /// <summary>
    /// Where pruned: Huffman-coded index differences per kept parameter at their best gap width: stream, code table, and the
    /// fillers' ideal cost in the index stream.
    /// </summary>
    public double? IndexDifferenceBitsPerKept { get; init; }

    /// <summary>The gap width of <see cref="IndexDifferenceBitsPerKept"/>.</summary>
    public int? IndexDifferenceGapBits { get; init; }
}
