namespace Quantize.Cli.Sweep;

/// <summary>How every setting's shared values were fine-tuned (compress's options of the same names), and on how many training images.</summary>
/// <param name="Limit">--fine-tune-limit as given (0 = all); <paramref name="TrainImages"/> is what that came to.</param>
public sealed record SweepFineTuning(int Epochs, string Aggregate, double LearningRate, int Limit, long Seed, long TrainImages);
