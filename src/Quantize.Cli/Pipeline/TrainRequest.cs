using Quantize.Torch.Training;

namespace Quantize.Cli.Pipeline;

/// <summary>What <see cref="TrainingPipeline"/> needs, already validated by the command.</summary>
/// <param name="Moments">Where to write Adam's second moments; null = nowhere.</param>
/// <param name="Checkpoint">Where to write a checkpoint too (safetensors or TorchSharp .dat); null = nowhere.</param>
public sealed record TrainRequest(string Arch, string Output, TrainingOptions Options, RunContext Context, string? Moments = null, string? Checkpoint = null);
