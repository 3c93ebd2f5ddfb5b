using Quantize.Core.Clustering;

namespace Quantize.Core.Tests.Clustering;

/// <summary>The promises every quantizer makes about its output.</summary>
internal static class QuantizationAssert
{
    /// <summary>Centres strictly increasing, no empty cluster, counts consistent with the assignment.</summary>
    public static void WellFormed(Quantization quantization, int valueCount)
    {
        Assert.Equal(valueCount, quantization.Assignment.Length);
        Assert.True(quantization.ClusterCount >= 1);
        for (int j = 1; j < quantization.ClusterCount; j++) Assert.True(quantization.Centers[j - 1] < quantization.Centers[j], $"centre {j} is not above centre {j - 1}");
        var counts = new long[quantization.ClusterCount];
        foreach (int cluster in quantization.Assignment) counts[cluster]++;
        Assert.Equal(counts, quantization.Counts);
        Assert.All(quantization.Counts, count => Assert.True(count > 0));
    }

    /// <summary>Each centre is the (weighted) mean of its members, up to float rounding.</summary>
    public static void CentersAreMeans(Quantization quantization, float[] values, float[]? weights)
    {
        int k = quantization.ClusterCount;
        var sums = new double[k];
        var totals = new double[k];
        var plain = new double[k];
        for (int i = 0; i < values.Length; i++)
        {
            int j = quantization.Assignment[i];
            double h = weights?[i] ?? 1.0;
            sums[j] += h * values[i];
            totals[j] += h;
            plain[j] += values[i];
        }
        for (int j = 0; j < k; j++)
        {
            double mean = totals[j] > 0 ? sums[j] / totals[j] : plain[j] / quantization.Counts[j];
            Assert.Equal(mean, quantization.Centers[j], 1e-5 * Math.Max(1, Math.Abs(mean)));
        }
    }
}
