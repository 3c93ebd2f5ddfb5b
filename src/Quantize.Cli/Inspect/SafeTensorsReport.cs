namespace Quantize.Cli.Inspect;

/// <summary>The result of inspecting a safetensors model read as weights only (<c>kind</c> "safetensors").</summary>
public sealed record SafeTensorsReport(string File, string Kind, long FileBytes, string WeightsOnlyBecause, SafeTensorsInventory Model);
