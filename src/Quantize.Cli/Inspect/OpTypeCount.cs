namespace Quantize.Cli.Inspect;

/// <summary>How many graph nodes use one operator type.</summary>
public sealed record OpTypeCount(string OpType, int Count);
