namespace Quantize.Core.Fidelity;

/// <summary>The fidelity of one model output, by the output's name.</summary>
public sealed record OutputFidelity(string Name, FidelityMeasures Measures);
