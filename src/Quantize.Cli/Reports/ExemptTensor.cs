namespace Quantize.Cli.Reports;

/// <summary>A learned tensor kept exact by <c>--keep</c>: its identity, shape (e.g. "64x3x7x7") and parameter count.</summary>
public sealed record ExemptTensor(string Name, string Shape, long Parameters);
