using Quantize.Core.Clustering;

namespace Quantize.Cli.Pipeline;

/// <summary>A group's concatenated values and weights, and how they were quantized.</summary>
public sealed record GroupQuantization(ParameterGroup Group, float[] Values, float[] Weights, QuantizerOptions Options, Quantization Quantization)
{
    /// <summary>Σ h (w − c)² / N over the group: the objective the Hessian-weighted quantizers minimise.</summary>
    public double Distortion => Quantization.Distortion(Values, Weights);
}
