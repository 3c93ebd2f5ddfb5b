using System.Runtime.CompilerServices;

namespace Quantize.Core.Clustering.Points;

/// <summary>
/// The distinct values in increasing order with prefix sums of their multiplicity and weight, so that
/// the size, weight and (weighted) mean of any run of consecutive values cost O(1). In one dimension a
/// nearest-centre cluster is such a run, which is what makes Lloyd iterations O(k log M).
/// Merging equal values is lossless: equal values always land in the same cluster.
/// </summary>
sealed class SortedPoints
{
    // Sums of value·weight are taken relative to Shift (mid-range) to keep them small and accurate.
    readonly double[] _weight;
    readonly double[] _weightedSum;
    readonly double[] _count;
    readonly double[] _sum;

    SortedPoints(float[] values, double[] weight, double[] weightedSum, double[] count, double[] sum, double shift)
    {
        Values = values;
        _weight = weight;
        _weightedSum = weightedSum;
        _count = count;
        _sum = sum;
        Shift = shift;
    }

    /// <summary>The distinct values, strictly increasing.</summary>
    public float[] Values { get; }

    public int Count => Values.Length;

    public double Shift { get; }

    public float Min => Values[0];

    public float Max => Values[^1];

    /// <param name="weighted">False: every value weighs 1 whatever the sample's weights say.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SortedPoints Create(SortedSample sample, bool weighted)
    {
        int distinct = 1;
        for (int i = 1; i < sample.Count; i++)
        {
            if (sample.Value(i) != sample.Value(i - 1)) distinct++;
        }

        double shift = ((double)sample.Min + sample.Max) / 2;
        var values = new float[distinct];
        var weight = new double[distinct + 1];
        var weightedSum = new double[distinct + 1];
        double[] count = weighted ? new double[distinct + 1] : weight;
        double[] sum = weighted ? new double[distinct + 1] : weightedSum;
        CompensatedSum weightRun = default, weightedRun = default, countRun = default, sumRun = default;
        int point = -1;
        for (int i = 0; i < sample.Count; i++)
        {
            float value = sample.Value(i);
            if (point < 0 || value != values[point])
            {
                // -0 and +0 compare equal, so they merge; the first one seen names the point.
                if (point >= 0) Close(point);
                values[++point] = value;
            }
            double w = weighted ? sample.Weight(i) : 1.0;
            double centred = value - shift;
            weightRun.Add(w);
            weightedRun.Add(w * centred);
            if (weighted)
            {
                countRun.Add(1);
                sumRun.Add(centred);
            }
        }
        Close(point);
        return new SortedPoints(values, weight, weightedSum, count, sum, shift);

        void Close(int p)
        {
            weight[p + 1] = weightRun.Value;
            weightedSum[p + 1] = weightedRun.Value;
            if (weighted)
            {
                count[p + 1] = countRun.Value;
                sum[p + 1] = sumRun.Value;
            }
        }
    }

    /// <summary>Total weight of points [start, end).</summary>
    public double Weight(int start, int end) => _weight[end] - _weight[start];

    /// <summary>Number of values in points [start, end).</summary>
    public double Multiplicity(int start, int end) => _count[end] - _count[start];

    /// <summary>Weighted mean of the values in points [start, end) (non-empty); the plain mean when they all weigh zero.</summary>
    public double Mean(int start, int end)
    {
        double weight = Weight(start, end);
        if (weight > 0) return Shift + (_weightedSum[end] - _weightedSum[start]) / weight;
        return Shift + (_sum[end] - _sum[start]) / Multiplicity(start, end);
    }
}
