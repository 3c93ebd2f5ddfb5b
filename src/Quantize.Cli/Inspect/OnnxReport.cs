namespace Quantize.Cli.Inspect;

/// <summary>The result of inspecting an ONNX file.</summary>
public sealed record OnnxReport(string File, string Kind, long FileBytes, OnnxSummary Model);
