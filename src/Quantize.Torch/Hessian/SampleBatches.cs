namespace Quantize.Torch.Hessian;

/// <summary>Which samples an estimate uses and how they are cut into batches.</summary>
static class SampleBatches
{
    /// <summary>The number of samples to average over: the first <see cref="HessianOptions.Samples"/> of the data (0 = all).</summary>
    public static int Total(HessianData data, HessianOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (data.Count == 0) throw new ArgumentException("there are no samples to estimate the Hessian from", nameof(data));
        if (options.Samples == 0) return data.Count;
        if (options.Samples > data.Count)
            throw new ArgumentException($"asked for {options.Samples} samples but the data has only {data.Count}", nameof(options));
        return options.Samples;
    }

    public static IEnumerable<(int Start, int Count)> Ranges(int total, int batchSize)
    {
        for (int start = 0; start < total; start += batchSize)
            yield return (start, Math.Min(batchSize, total - start));
    }

    public static int Count(int total, int batchSize) => (total + batchSize - 1) / batchSize;
}
