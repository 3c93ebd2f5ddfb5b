using Quantize.Torch.FineTuning;

namespace Quantize.Cli.Pipeline;

/// <summary>compress's fine-tuning of shared values: none unless epochs are given.</summary>
/// <param name="Epochs">Passes over the training split; 0 = no fine-tuning.</param>
/// <param name="Limit">Fine-tune on the first N training images only (0 = all).</param>
/// <param name="Distill">Distil toward the original model's outputs even where labels exist.</param>
public sealed record FineTuningRequest(int Epochs = 0, double LearningRate = FineTuningRequest.DefaultLearningRate,
    GradientAggregate Aggregate = GradientAggregate.Average, int Limit = 0, long Seed = FineTuningRequest.DefaultSeed, bool Distill = false)
{
    public const double DefaultLearningRate = 1e-4;
    public const long DefaultSeed = 1;

    public bool Enabled => Epochs > 0;
}
