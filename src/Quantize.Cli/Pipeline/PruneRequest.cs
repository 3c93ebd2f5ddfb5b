using Quantize.Torch.Training;

namespace Quantize.Cli.Pipeline;

/// <summary>What <see cref="PrunePipeline"/> needs, already validated by the command: exactly one of <paramref name="Ratio"/> and <paramref name="LayerRatios"/>.</summary>
/// <param name="LayerRatios">Per-tensor keep fractions as typed (name=keep,...), parsed by the pipeline.</param>
/// <param name="Retrain">Training after pruning; with <paramref name="Gradual"/>, the epochs at the final masks after the schedule.</param>
/// <param name="Moments">Where to write the retraining's Adam second moments; null = nowhere.</param>
/// <param name="Gradual">Prune gradually while training (the polynomial schedule); null = one-shot.</param>
/// <param name="Allocate">Per-layer ratios for <paramref name="Ratio"/> from this sensitivity measure; null = one ratio across layers by magnitude.</param>
public sealed record PruneRequest(RunContext Context, double? Ratio, string? LayerRatios, string Output, TrainingOptions Retrain, string? Moments = null,
    GradualSchedule? Gradual = null, PruneSensitivity? Allocate = null);

/// <summary>The polynomial schedule's length in epochs and the steps between mask updates.</summary>
public sealed record GradualSchedule(int PruneEpochs, int MaskEvery);
