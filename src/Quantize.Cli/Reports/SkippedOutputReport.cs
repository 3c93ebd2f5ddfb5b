namespace Quantize.Cli.Reports;

/// <summary>A model output fidelity leaves out (a predicted label, a mask) and why.</summary>
public sealed record SkippedOutputReport(string Name, string Reason);
