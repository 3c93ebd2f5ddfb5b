namespace Quantize.Core.Fidelity;

/// <summary>
/// Streams one output of two models over a split, batch by batch, keeping only running sums: a 10k-sample test
/// set never needs all outputs in memory. An output of one value per sample is compared as one vector over the split
/// (its cosine mean and minimum are that one cosine). Every sum is a double, added sample by sample in the order the samples
/// come, so the result depends on the sample order alone, not on how the samples were cut into batches.
/// </summary>
public sealed class FidelityAccumulator
{
    readonly bool classScores;
    long samples;
    long agreeing;
    double cosineSum;
    double cosineMin = double.PositiveInfinity;
    double squaredError;
    double referenceSquaredNorm;
    // Over the whole split, for an output of one value per sample (a detector's score): the cosine of one number is ±1
    // whatever the error, so such an output is compared as one vector over all its samples instead.
    double splitDot;
    double splitSquaredNorm;
    bool oneValuePerSample = true;

    /// <param name="name">The output's name, carried into the result.</param>
    /// <param name="classScores">Whether each sample's output is a row of class scores, so top-1 agreement is counted.</param>
    public FidelityAccumulator(string name, bool classScores)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        this.classScores = classScores;
    }

    public string Name { get; }

    public long Samples => samples;

    /// <summary>
    /// Adds a batch: <paramref name="count"/> samples, each one row of equal length, of the candidate's outputs and
    /// the reference's (the original model's) in the same layout.
    /// </summary>
    public void Add(ReadOnlySpan<float> candidate, ReadOnlySpan<float> reference, int count)
    {
        if (candidate.Length != reference.Length)
            throw new ArgumentException($"output '{Name}' has {candidate.Length} values against the reference's {reference.Length}", nameof(candidate));
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            if (reference.Length != 0) throw new ArgumentException($"output '{Name}' has {reference.Length} values for no sample", nameof(count));
            return;
        }
        if (reference.Length % count != 0)
            throw new ArgumentException($"output '{Name}' has {reference.Length} values, not a whole number per sample for {count} samples", nameof(count));
        int width = reference.Length / count;
        for (int s = 0; s < count; s++)
            AddSample(candidate.Slice(s * width, width), reference.Slice(s * width, width));
    }

    void AddSample(ReadOnlySpan<float> y, ReadOnlySpan<float> y0)
    {
        double dot = 0, norm = 0, referenceNorm = 0, error = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double a = y[i], b = y0[i], d = a - b;
            dot += a * b;
            norm += a * a;
            referenceNorm += b * b;
            error += d * d;
        }
        double cosine = FidelityMath.Cosine(dot, norm, referenceNorm);
        splitDot += dot;
        splitSquaredNorm += norm;
        oneValuePerSample &= y.Length == 1;
        cosineSum += cosine;
        cosineMin = double.IsNaN(cosine) || double.IsNaN(cosineMin) ? double.NaN : Math.Min(cosineMin, cosine);
        squaredError += error;
        referenceSquaredNorm += referenceNorm;
        if (classScores)
        {
            int top = FidelityMath.ArgMax(y);
            if (top >= 0 && top == FidelityMath.ArgMax(y0)) agreeing++;
        }
        samples++;
    }

    /// <summary>The measures over every sample added so far.</summary>
    public OutputFidelity Result()
    {
        if (samples == 0) throw new InvalidOperationException($"output '{Name}': no sample was compared");
        double split = FidelityMath.Cosine(splitDot, splitSquaredNorm, referenceSquaredNorm);
        (double mean, double min) = oneValuePerSample && samples > 1 ? (split, split) : (cosineSum / samples, cosineMin);
        return new OutputFidelity(Name, new FidelityMeasures(samples, classScores ? agreeing : null, mean, min,
            FidelityMath.RelativeL2(squaredError, referenceSquaredNorm), FidelityMath.SqnrDb(squaredError, referenceSquaredNorm)));
    }
}
