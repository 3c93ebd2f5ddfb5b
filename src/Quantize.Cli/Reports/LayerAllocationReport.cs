namespace Quantize.Cli.Reports;

/// <summary>One layer's sensitivity under <c>prune --allocate</c> and the fraction it was given to keep.</summary>
public sealed record LayerAllocationReport(string Name, double Sensitivity, double Keep);
