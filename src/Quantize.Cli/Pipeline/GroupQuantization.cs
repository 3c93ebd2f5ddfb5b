using Quantize.Core.Clustering;

namespace Quantize.Cli.Pipeline;

/// <summary>A group's concatenated values and weights, and how they were quantized.</summary>
public sealed record GroupQuantization(ParameterGroup Group, float[] Values, float[] Weights, QuantizerOptions Options, Quantization Quantization)
{
    // Set only by WithoutValues: the distortion the values gave.
    double? settledDistortion;

    /// <summary>Σ h (w − c)² / N over the group: the objective the Hessian-weighted quantizers minimise.</summary>
    public double Distortion => settledDistortion ?? Quantization.Distortion(Values, Weights);

    /// <summary>Values quantized (the kept ones): one per assigned cluster.</summary>
    public long KeptCount => Quantization.Assignment.LongLength;

    /// <summary>
    /// The same quantization with <see cref="Values"/> and <see cref="Weights"/> let go and its <see cref="Distortion"/>
    /// kept: for the steps after the centers are final (coding, the report), so a large model's values are not held
    /// through coding. Build it only from the final quantization; a later <c>with { Quantization = … }</c> would keep this distortion.
    /// </summary>
    public GroupQuantization WithoutValues() => this with { Values = [], Weights = [], settledDistortion = Distortion };
}
