namespace Quantize.Cli.Reports;

/// <summary>One pruned tensor: its size, what was kept, and whether retraining moved it (weights in Constant nodes are held fixed).</summary>
public sealed record PrunedTensorReport(string Name, long Parameters, long Kept, double KeptFraction, bool Retrained);
