namespace Quantize.Core.Clustering.Uniform;

/// <summary>The grid rate-controlled uniform quantization settled on.</summary>
/// <param name="Step">Cell width Δ (0 when all values are equal).</param>
/// <param name="Entropy">Entropy of the cluster sizes in bits per value: at most the target, as close as the grid allows.</param>
public sealed record UniformRateResult(Quantization Quantization, double Step, double Entropy);
