namespace Quantize.Core.Clustering.Ecsq;

/// <summary>The parameters iterative ECSQ clusters, with their weights: all of them, or an evenly strided sample of them.</summary>
sealed class EcsqPoints
{
    EcsqPoints(float[] values, float[]? weights)
    {
        Values = values;
        Weights = weights;
    }

    public float[] Values { get; }

    /// <summary>h of each point, or null for weight 1 each.</summary>
    public float[]? Weights { get; }

    public int Count => Values.Length;

    public double WeightOf(int index) => Weights?[index] ?? 1.0;

    public static EcsqPoints All(ReadOnlySpan<float> values, ReadOnlySpan<float> weights) =>
        new(values.ToArray(), weights.IsEmpty ? null : weights.ToArray());

    /// <summary>
    /// Every ⌈N / count⌉-th parameter. Unlike a histogram of values, a sample keeps each parameter's own
    /// weight, and ECSQ's choices depend on h per parameter (a light parameter goes where codewords are
    /// short), so the sample answers "which λ gives rate R" without bias. Striding is deterministic and
    /// draws from every layer in proportion.
    /// </summary>
    public static EcsqPoints Sample(ReadOnlySpan<float> values, ReadOnlySpan<float> weights, int count)
    {
        int stride = (values.Length + count - 1) / count;
        int taken = (values.Length + stride - 1) / stride;
        var sampled = new float[taken];
        float[]? sampledWeights = weights.IsEmpty ? null : new float[taken];
        for (int s = 0; s < taken; s++)
        {
            sampled[s] = values[s * stride];
            if (sampledWeights != null) sampledWeights[s] = weights[s * stride];
        }
        return new EcsqPoints(sampled, sampledWeights);
    }
}
