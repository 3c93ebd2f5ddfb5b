namespace Quantize.Cli.Inspect;

/// <summary>One imported operator set; the default domain is shown as ai.onnx.</summary>
public sealed record OpsetEntry(string Domain, long Version);
