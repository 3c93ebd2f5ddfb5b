namespace Quantize.Cli.Inspect;

/// <summary>What an ONNX model holds: header, operators in first-use order, and its initializers.</summary>
public sealed record OnnxSummary(
    long IrVersion,
    string Producer,
    IReadOnlyList<OpsetEntry> Opsets,
    int NodeCount,
    IReadOnlyList<OpTypeCount> OpTypes,
    IReadOnlyList<InitializerEntry> Initializers,
    InitializerTotals Totals);
