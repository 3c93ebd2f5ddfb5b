namespace Quantize.Torch.Training;

/// <summary>How to train: epochs of shuffled mini-batches; the learning rate decays by cosine to zero.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 1e-3;

    public long Seed { get; init; } = 1;

    /// <summary>Adam (default) or plain SGD with momentum 0.9.</summary>
    public TrainingOptimizer Optimizer { get; init; } = TrainingOptimizer.Adam;

    /// <summary>Use only the first N training images (0 = all), to keep tests and demos short.</summary>
    public int Limit { get; init; }
}
