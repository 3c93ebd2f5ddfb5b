using Quantize.Core.Clustering.Ecsq;
using Quantize.Core.Clustering.KMeans;
using Quantize.Core.Clustering.Optimal;
using Quantize.Core.Clustering.Uniform;

namespace Quantize.Core.Clustering;

/// <summary>Builds the quantizer a set of options describes, so callers never pick classes themselves.</summary>
public static class QuantizerFactory
{
    /// <exception cref="QuantizationException">The options conflict or are out of range (message meant for users).</exception>
    public static IQuantizer Create(QuantizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int iterations = options.EffectiveMaxIterations;
        switch (options.Method)
        {
            case QuantizationMethod.KMeans:
            case QuantizationMethod.HessianKMeans:
                int k = options.Clusters!.Value;
                bool weighted = options.Method == QuantizationMethod.HessianKMeans;
                if (options.EffectiveSolver == ClusteringSolver.DynamicProgramming)
                {
                    return new OptimalWeightedQuantizer(k, options.MaxPoints ?? OptimalWeightedQuantizer.DefaultMaxPoints, useWeights: weighted);
                }
                return new KMeansQuantizer(k, options.EffectiveInitialization, options.Seed, iterations, weighted);
            case QuantizationMethod.Uniform:
                bool weightedCenters = options.Center == CenterMean.Weighted;
                if (options.Step is { } step) return new FixedStepQuantizer(step, options.Center ?? CenterMean.Plain);
                return options.Rate is { } rate
                    ? new RateControlledUniformQuantizer(rate, weightedCenters)
                    : new UniformQuantizer(options.Clusters!.Value, weightedCenters);
            default:
                return new EcsqQuantizer(options.Rate!.Value, iterations, options.MaxPoints ?? EcsqQuantizer.DefaultMaxPoints);
        }
    }
}
