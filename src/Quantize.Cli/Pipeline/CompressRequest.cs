using Quantize.Core.Clustering;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;

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
    public int ConvIndexBits { get; init; } = PrunedPositions.DefaultConvGapBits;

    /// <summary>Gap width b of the positions of fully connected layers' pruned weights.</summary>
    public int FcIndexBits { get; init; } = PrunedPositions.DefaultFcGapBits;

    public HessianSpec Hessian { get; init; } = HessianSpec.None;

    /// <summary>δ of h ← h + δ·mean(h) (see <see cref="ImportanceWeights"/>); 0 keeps the weights as given.</summary>
    public double HessianDamping { get; init; } = 0.1;

    /// <summary>Calibration images for a Hessian estimator (first N of the training split).</summary>
    public int HessianSamples { get; init; } = 1000;

    public string? DataDirectory { get; init; }

    /// <summary>Fine-tuning of the shared values after quantization; none by default.</summary>
    public FineTuningRequest FineTuning { get; init; } = new();

    /// <summary>A --device value (cpu, auto, cuda) for evaluation, Hessian estimation and fine-tuning.</summary>
    public string Device { get; init; } = Quantize.Torch.TorchDevices.Cpu;

    public bool Evaluate { get; init; } = true;

    /// <summary>Where progress of long steps goes (stderr; never stdout, which may carry --json).</summary>
    public TextWriter ProgressWriter { get; init; } = TextWriter.Null;

    public string CodingName => CodingNames.Of(Coding);
}
