namespace Quantize.Cli.Inspect;

/// <summary>The result of inspecting a .nqz container.</summary>
public sealed record ContainerReport(
    string File,
    string Kind,
    long FileBytes,
    uint FormatVersion,
    string Producer,
    ContainerSettings? Settings,
    OnnxSummary Model,
    IReadOnlyList<TensorEntry> Tensors,
    IReadOnlyList<CodebookEntry> Codebooks,
    StorageTerms Storage)
{
    /// <summary>Learned tensors the skeleton holds exact, not quantized (compress --keep).</summary>
    public IReadOnlyList<Reports.ExemptTensor> Exempt { get; init; } = [];
}
