using Quantize.Torch.Training;

namespace Quantize.Torch.FineTuning;

/// <summary>
/// How to fine-tune shared values: epochs of shuffled mini-batches of the training split, the learning
/// rate decaying by cosine to zero (as in <see cref="Trainer"/>). Setters reject values that cannot work.
/// </summary>
public sealed record FineTuningOptions
{
    public int Epochs
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Epochs), value, "at least one epoch is needed");
    } = 1;

    public double LearningRate
    {
        get;
        init => field = value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "the learning rate must be positive");
    } = 1e-4;

    /// <summary>
    /// Average by default. With Adam (the default optimizer) the two give nearly the same steps, because Adam
    /// divides each center's gradient by its own running scale and a constant factor per center cancels; with
    /// SGD they differ by the cluster size, and the average keeps the step of a 100,000-member cluster the size
    /// of one weight's step, so a learning rate that suits training suits fine-tuning too.
    /// </summary>
    public GradientAggregate Aggregate { get; init; } = GradientAggregate.Average;

    /// <summary>
    /// Adam by default: center gradients differ by orders of magnitude across codebooks and clusters (a layer's
    /// few large weights against a crowd near zero), and Adam's per-center scaling lets one learning rate fit
    /// all of them. SGD (momentum 0.9) is Deep Compression's choice and makes <see cref="Aggregate"/> matter.
    /// </summary>
    public TrainingOptimizer Optimizer { get; init; } = TrainingOptimizer.Adam;

    public int BatchSize
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BatchSize), value, "the batch size must be at least 1");
    } = 64;

    /// <summary>
    /// Distil toward the original model's outputs (KL on softmax for class scores, squared error otherwise) even when
    /// the data has labels. Data without labels, and models without class scores, are always distilled.
    /// </summary>
    public bool Distill { get; init; }

    /// <summary>Seeds the batch order; the same seed gives the same centers.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Use only the first N training images (0 = all), to keep tests and demos short.</summary>
    public int Limit
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Limit), value, "the limit cannot be negative (0 means all)");
    }

    internal TrainingOptions ToTraining() => new()
    {
        Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Seed = Seed, Optimizer = Optimizer, Limit = Limit,
    };
}
