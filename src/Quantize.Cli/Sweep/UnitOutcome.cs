using Quantize.Cli.Pipeline;
using Quantize.Core.Clustering;

namespace Quantize.Cli.Sweep;

/// <summary>A unit after quantization and coding, before evaluation; <see cref="Error"/> is set when the quantization itself failed.</summary>
public sealed record UnitOutcome(SweepUnit Unit, QuantizerOptions Options, GroupQuantization? Quantization, IReadOnlyList<CodedContainer> Containers, string? Error);
