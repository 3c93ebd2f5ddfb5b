using Quantize.Cli.Reports;

namespace Quantize.Cli.Pipeline;

/// <summary>The groups with their fine-tuned shared values (assignments unchanged), and what the report says of the tuning.</summary>
public sealed record TuningOutcome(List<GroupQuantization> Groups, FineTuningReport Report);
