namespace Quantize.Cli.Pruning;

/// <summary>One <c>prune --json</c> report as a point of a curve: the kept fraction and the test accuracy it ended at.</summary>
/// <param name="Accuracy">After retraining or gradual pruning; the pruned accuracy where nothing was trained.</param>
public sealed record PruneCurvePoint(string Series, double KeptFraction, double Accuracy, double AccuracyBefore);
