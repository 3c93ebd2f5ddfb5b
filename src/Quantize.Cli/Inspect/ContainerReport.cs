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

    /// <summary>For a container made from a safetensors model: its files, metadata and tensors (kind: quantized weight or kept); null for ONNX.</summary>
    public SafeTensorsInventory? SafeTensors { get; init; }
}
