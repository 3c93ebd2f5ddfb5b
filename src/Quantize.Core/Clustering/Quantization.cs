namespace Quantize.Core.Clustering;

/// <summary>
/// The outcome of quantizing N values into k clusters: the shared value of each cluster, the cluster
/// of each value, and the cluster sizes. Clusters are numbered in increasing order of their values
/// and none is empty.
/// </summary>
public sealed class Quantization
{
    public Quantization(float[] centers, int[] assignment)
    {
        Centers = centers;
        Assignment = assignment;
        Counts = new long[centers.Length];
        foreach (int cluster in assignment) Counts[cluster]++;
    }

    public float[] Centers { get; }

    public int[] Assignment { get; }

    public long[] Counts { get; }

    public int ClusterCount => Centers.Length;

    /// <summary>The quantized value of every parameter: its cluster's shared value.</summary>
    public float[] Reconstruct()
    {
        var values = new float[Assignment.Length];
        for (int i = 0; i < values.Length; i++) values[i] = Centers[Assignment[i]];
        return values;
    }

    /// <summary>The weighted squared error Σ h_i (w_i − c_a(i))² / N that the quantizers minimise (eq. 7; h = 1 when unweighted).</summary>
    public double Distortion(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        if (values.Length == 0) return 0;
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double error = values[i] - (double)Centers[Assignment[i]];
            sum += (weights.IsEmpty ? 1.0 : weights[i]) * error * error;
        }
        return sum / values.Length;
    }
}
