using Quantize.Cli.Names;
using Quantize.Core.Clustering;
using Quantize.Core.Scaling;
using Quantize.Format.Container.Proto;
using Quantize.Format.Container;

namespace Quantize.Cli.Pipeline;

/// <summary>Everything <see cref="CompressionPipeline"/> needs, already validated by the command.</summary>
public sealed record CompressRequest
{
    public required string ModelPath { get; init; }

    public required string OutputPath { get; init; }

    /// <summary>The quantizer for all layers at once, or the template for each layer in per-layer mode.</summary>
    public required QuantizerOptions Quantizer { get; init; }

    public SymbolCoding Coding { get; init; } = SymbolCoding.Huffman;

    /// <summary>One codebook per layer (Deep Compression) instead of one for all parameters (the paper's choice).</summary>
    public bool PerLayer { get; init; }

    /// <summary>Per-layer mode: clusters for convolution / fully connected layers as bit widths (k = 2^bits); null = the template's.</summary>
    public int? ConvBits { get; init; }

    public int? FcBits { get; init; }

    /// <summary>How pruned (exactly zero) weights are stored: positions as index differences, or a zero cluster.</summary>
    public PrunedStorage Positions { get; init; } = PrunedStorage.IndexDifferences;

    /// <summary>Gap width b of the positions of convolution (and other) layers' pruned weights.</summary>
    public int ConvIndexBits { get; init; } = PruningRule.DefaultConvGapBits;

    /// <summary>Gap width b of the positions of fully connected layers' pruned weights.</summary>
    public int FcIndexBits { get; init; } = PruningRule.DefaultFcGapBits;

    /// <summary>Scale normalisation before the shared codebook (--scale); none keeps the container byte for byte as without it.</summary>
    public ScaleMode Scale { get; init; } = ScaleMode.None;

    /// <summary>With a fixed step over scaled weights: measure which tensors the outputs depend on and refine their share (GridShares); --no-probe turns it off.</summary>
    public bool Probe { get; init; } = true;

    /// <summary>
    /// Code every quantization's indices with one table (--one-table). Otherwise a fixed-step grid codes them in codebooks of
    /// tensors of like spread where that makes the file smaller (<see cref="SplitsCodebooks"/>).
    /// </summary>
    public bool OneTable { get; init; }

    /// <summary>
    /// Each tensor's share of a fixed-step grid, settled before (by compress --search, once for all its probes): the probe does
    /// not run again, so the file is the one the search measured. Null = settle them here (<see cref="GridShares"/>).
    /// </summary>
    public SettledShares? Shares { get; init; }

    /// <summary>Learned tensors to keep exact, not quantized (--keep); none by default.</summary>
    public TensorPatterns Keep { get; init; } = TensorPatterns.None;

    public ImportanceRequest Importance { get; init; } = ImportanceRequest.None;

    public DataRequest Data { get; init; } = DataRequest.Default;

    /// <summary>Fine-tuning of the shared values after quantization; none by default.</summary>
    public FineTuningRequest FineTuning { get; init; } = new();

    /// <summary>A --device value (cpu, auto, cuda) for evaluation, Hessian estimation and fine-tuning.</summary>
    public string Device { get; init; } = Quantize.Torch.TorchDevices.Cpu;

    public bool Evaluate { get; init; } = true;

    /// <summary>Read a safetensors model as weights only even where it is a built-in architecture's checkpoint (--weights-only).</summary>
    public bool WeightsOnly { get; init; }

    /// <summary>
    /// Whether the user asked for something that needs the model run on data (--data, a Hessian estimator, fine-tuning,
    /// an accuracy or fidelity gate): then a model that cannot run on the data is an error, not a weight-only compression.
    /// </summary>
    public bool EvaluationRequired { get; init; }

    /// <summary>Where progress of long steps goes (stderr; never stdout, which may carry --json).</summary>
    public TextWriter ProgressWriter { get; init; } = TextWriter.Null;

    public string CodingName => CodingNames.Of(Coding);

    /// <summary>The setting as the report states it.</summary>
    public CompressionSetting Setting => new(ModelPath, OutputPath, Quantizer, Coding, PerLayer, Positions);

    /// <summary>
    /// Whether the indices are split into coding groups: with a fixed-step grid over all layers at once (--step, the
    /// default quantizer), whose tensors' shares of the grid differ up to 32-fold, unless --one-table. A grid of counted
    /// cells (--bits, --clusters, --rate) keeps one table, so the paper's settings write the containers they always wrote;
    /// per-layer mode has a table per layer already.
    /// </summary>
    public bool SplitsCodebooks => !OneTable && !PerLayer && Quantizer.Step != null;

    /// <summary>Per-layer mode's bit widths by layer kind; null when all layers share one codebook.</summary>
    public LayerBits? LayerBits => PerLayer ? new LayerBits(ConvBits, FcBits) : null;

    /// <summary>What the steps that run the model share: the model file, the data, the device, where progress goes.</summary>
    public RunContext Context => new(ModelPath, Data, Device, ProgressWriter);

    /// <summary>
    /// Whether a step after extraction runs the source model (and so reads its weights, with torch): evaluation,
    /// fine-tuning (the executor starts from them) and Hessian estimation; importance weights from a file do not.
    /// </summary>
    public bool RunsSourceModel => Evaluate || FineTuning.Enabled || Importance.RunsModel;
}
