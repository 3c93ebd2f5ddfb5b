using Quantize.Cli.Reports;

namespace Quantize.Cli.Pipeline;

/// <summary>Each tensor's share of a fixed-step grid (<see cref="GridShares"/>) and what the probe did to settle them (null: it did not run).</summary>
public sealed record SettledShares(IReadOnlyDictionary<string, double> Shares, ProbeReport? Probe);
