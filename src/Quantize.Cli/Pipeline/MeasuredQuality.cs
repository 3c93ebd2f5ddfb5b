using Quantize.Cli.Reports;

namespace Quantize.Cli.Pipeline;

/// <summary>What the evaluation stage measured: accuracy (null figures where not measured) and fidelity to the original (null without evaluation).</summary>
public sealed record MeasuredQuality(AccuracyReport Accuracy, FidelityReport? Fidelity);
