using Quantize.Torch.Training;

namespace Quantize.Cli.Pipeline;

/// <summary>What <see cref="PrunePipeline"/> needs, already validated by the command: exactly one of <paramref name="Ratio"/> and <paramref name="LayerRatios"/>.</summary>
/// <param name="LayerRatios">Per-tensor keep fractions as typed (name=keep,...), parsed by the pipeline.</param>
/// <param name="Moments">Where to write the retraining's Adam second moments; null = nowhere.</param>
public sealed record PruneRequest(RunContext Context, double? Ratio, string? LayerRatios, string Output, TrainingOptions Retrain, string? Moments = null);
