using Quantize.Core.Clustering;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Quantizes each group's kept values with its importance weights: the paper's one codebook for all layers at once, or
/// one per layer. compress runs it once; sweep runs it once per (method, bits) on the same prepared values. Pure C#.
/// </summary>
public static class QuantizationStage
{
    /// <param name="template">The quantizer for all layers at once, or the template of each layer in per-layer mode.</param>
    /// <param name="layerBits">Per-layer mode: bit widths by layer kind (convolution, fully connected) overriding the template's clusters.</param>
    public static List<GroupQuantization> Run(PreparedValues prepared, QuantizerOptions template, LayerBits? layerBits = null)
    {
        var results = new List<GroupQuantization>(prepared.Groups.Count);
        for (int g = 0; g < prepared.Groups.Count; g++)
            results.Add(QuantizeGroup(prepared, g, layerBits?.OptionsFor(template, prepared.Groups[g].Kind) ?? template));
        return results;
    }

    /// <summary>One group with the given options; a size the quantizer refuses once it sees the data throws <see cref="QuantizationException"/>.</summary>
    public static GroupQuantization QuantizeGroup(PreparedValues prepared, int group, QuantizerOptions options)
    {
        float[] values = prepared.Values[group];
        // Without importance weights a method that ignores them gets none (empty = unweighted: the same result) rather
        // than a copy of all ones per parameter.
        float[] weights = !prepared.HasWeights && IgnoresWeights(options) ? [] : prepared.WeightsOf(group);
        QuantizerOptions resolved = RateMatching.Resolve(options, values, weights);
        Quantization quantization = QuantizerFactory.Create(resolved).Quantize(values, weights);
        return new GroupQuantization(prepared.Groups[group], values, weights, resolved, quantization);
    }

    static bool IgnoresWeights(QuantizerOptions options) =>
        options.Method == QuantizationMethod.KMeans || options.Method == QuantizationMethod.Uniform && options.Center != CenterMean.Weighted;
}
