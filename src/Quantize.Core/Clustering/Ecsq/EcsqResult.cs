namespace Quantize.Core.Clustering.Ecsq;

/// <summary>What iterative ECSQ settled on.</summary>
/// <param name="Lambda">The rate multiplier λ chosen (0 when the target was met without pricing rate).</param>
/// <param name="Entropy">Entropy of the cluster sizes, bits per parameter: what was actually reached.</param>
/// <param name="Distortion">Σ h (w − c)² / N with the returned shared values.</param>
public sealed record EcsqResult(Quantization Quantization, double Lambda, double Entropy, double Distortion);
