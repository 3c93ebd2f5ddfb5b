using System.Runtime.CompilerServices;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.Optimal;

/// <summary>
/// Sorted values reduced to at most <c>maxPoints</c> points for the dynamic program: equal values merged
/// exactly, or, when there are more distinct values than that, runs of values grouped into equal-width
/// bins laid from min, of width (max − min) / maxPoints — unless outliers stretch the range past
/// <see cref="CentralSpan.OutlierFactor"/> times the central 99.8% of the values (one value far out puts nearly every value
/// into one bin: a scalar 2^20 among weights of order 0.1 collapsed a whole model to 2 clusters). Then the width
/// shrinks until the occupied bins come close to maxPoints, so the points follow the values and not the range;
/// empty bins cost nothing. Each point keeps the raw sums Σh, Σh·x and Σh·x² of its values (x relative to
/// <see cref="Shift"/>), so the cost of a run of points is the exact weighted squared error of the raw
/// values in it, about their weighted mean.
/// </summary>
sealed class PointHistogram
{
    readonly PointSums[] _prefix;

    PointHistogram(float[] upperBounds, PointSums[] prefix, double binWidth, double shift)
    {
        UpperBounds = upperBounds;
        _prefix = prefix;
        BinWidth = binWidth;
        Shift = shift;
    }

    /// <summary>The largest raw value in each point.</summary>
    public float[] UpperBounds { get; }

    public int Count => UpperBounds.Length;

    /// <summary>Width of the bins, or 0 when every point is one distinct value (lossless).</summary>
    public double BinWidth { get; }

    public double Shift { get; }

    public double TotalWeight => _prefix[^1].Weight;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PointHistogram Create(SortedSample sample, bool weighted, int maxPoints)
    {
        int distinct = 1;
        for (int i = 1; i < sample.Count; i++)
        {
            if (sample.Value(i) != sample.Value(i - 1)) distinct++;
        }
        double min = sample.Min, max = sample.Max;
        double shift = (min + max) / 2;
        bool exact = distinct <= maxPoints;
        double binWidth = exact ? 0 : (max - min) / maxPoints;
        long lastBin = maxPoints - 1; // the range's own width puts max at bin maxPoints: it joins the last bin
        if (!exact && Points.CentralSpan.Stretched(max - min, CentralOf(sample)))
        {
            binWidth = AdaptedWidth(sample, min, binWidth, maxPoints);
            lastBin = long.MaxValue;
        }

        var upperBounds = new List<float>(Math.Min(distinct, maxPoints));
        var points = new List<PointSums>(upperBounds.Capacity);
        long currentBin = -1;
        float previous = 0;
        PointSums point = default;
        for (int i = 0; i < sample.Count; i++)
        {
            float value = sample.Value(i);
            // Bins are monotone in the value, so each is a run of the sorted sample.
            long bin = exact ? (i > 0 && value == previous ? currentBin : currentBin + 1) : Bin(value, min, binWidth, lastBin);
            if (bin != currentBin)
            {
                if (currentBin >= 0)
                {
                    points.Add(point);
                    upperBounds.Add(previous);
                }
                point = default;
                currentBin = bin;
            }
            double h = weighted ? sample.Weight(i) : 1.0;
            double x = value - shift;
            point.Weight += h;
            point.WeightedSum += h * x;
            point.WeightedSquares += h * x * x;
            previous = value;
        }
        points.Add(point);
        upperBounds.Add(previous);

        var prefix = new PointSums[points.Count + 1];
        CompensatedSum weight = default, weightedSum = default, weightedSquares = default;
        for (int p = 0; p < points.Count; p++)
        {
            PointSums s = points[p];
            if (exact && s.Weight > 0)
            {
                // One distinct value has no spread; recompute from its weight so rounding cannot invent any.
                double x = upperBounds[p] - shift;
                s.WeightedSum = s.Weight * x;
                s.WeightedSquares = s.Weight * x * x;
            }
            weight.Add(s.Weight);
            weightedSum.Add(s.WeightedSum);
            weightedSquares.Add(s.WeightedSquares);
            prefix[p + 1] = new PointSums { Weight = weight.Value, WeightedSum = weightedSum.Value, WeightedSquares = weightedSquares.Value };
        }
        return new PointHistogram(upperBounds.ToArray(), prefix, binWidth, shift);
    }

    static double CentralOf(SortedSample sample)
    {
        int margin = sample.Count / 1000;
        return (double)sample.Value(sample.Count - 1 - margin) - sample.Value(margin);
    }

    static long Bin(float value, double min, double width, long lastBin) => Math.Min(lastBin, (long)((value - min) / width));

    /// <summary>Occupied bins of width <paramref name="width"/>, counting no further than <paramref name="stopAbove"/> + 1.</summary>
    static long Occupied(SortedSample sample, double min, double width, long lastBin, long stopAbove)
    {
        long occupied = 0, current = -1;
        for (int i = 0; i < sample.Count && occupied <= stopAbove; i++)
        {
            long bin = Bin(sample.Value(i), min, width, lastBin);
            if (bin != current)
            {
                occupied++;
                current = bin;
            }
        }
        return occupied;
    }

    /// <summary>
    /// A width under <paramref name="start"/> whose occupied bins are as many as possible without exceeding
    /// <paramref name="maxPoints"/>: halve until there are too many (there are, once a bin is narrower than the
    /// closest two distinct values), then bisect log-width between the last that fits and the first that does not.
    /// </summary>
    static double AdaptedWidth(SortedSample sample, double min, double start, int maxPoints)
    {
        double fits = start, tooFine = start;
        for (int i = 0; i < 200; i++)
        {
            tooFine /= 2;
            if (!(tooFine > 0) || Occupied(sample, min, tooFine, long.MaxValue, maxPoints) > maxPoints) break;
            fits = tooFine;
        }
        for (int i = 0; i < 40 && fits / tooFine > 1 + 1e-6; i++)
        {
            double middle = Math.Sqrt(fits * tooFine);
            if (Occupied(sample, min, middle, long.MaxValue, maxPoints) > maxPoints) tooFine = middle;
            else fits = middle;
        }
        return fits;
    }

    /// <summary>Running totals of Σh, Σh·x, Σh·x² over the first m points, m = 0..Count.</summary>
    public ReadOnlySpan<PointSums> Prefix => _prefix;

    /// <summary>Total weight of point <paramref name="index"/>.</summary>
    public double PointWeight(int index) => _prefix[index + 1].Weight - _prefix[index].Weight;

    /// <summary>Σ h (x − mean)² over the raw values in points [start, end): Σh·x² − (Σh·x)²/Σh, clamped at 0 against rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Cost(int start, int end) => Cost(in _prefix[start], in _prefix[end]);

    /// <summary>The cost of the points between two running totals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Cost(in PointSums a, in PointSums b)
    {
        double weight = b.Weight - a.Weight;
        if (!(weight > 0)) return 0;
        double weightedSum = b.WeightedSum - a.WeightedSum;
        double cost = (b.WeightedSquares - a.WeightedSquares) - weightedSum * weightedSum / weight;
        return cost > 0 ? cost : 0;
    }
}
