using Quantize.Core.Accounting;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.Uniform;

/// <summary>
/// Finds the cell width of a uniform grid whose cell-size entropy is as large as possible without
/// exceeding a target. Entropy falls, roughly like −log2 Δ, as the width Δ grows, but only piecewise
/// and not monotonically, so the search halves Δ until the target is passed, bisects log Δ between the
/// last width under and the first over, and keeps the best width seen that stays under.
/// </summary>
static class UniformRateSearch
{
    /// <summary>Finest grid tried: 2^22 cells (32 MiB of counts).</summary>
    public const int MaxCells = 1 << 22;

    const int MaxBisections = 60;

    /// <returns>
    /// The width, the cell count it gives over [min, max] (which may pass <see cref="MaxCells"/> when outliers stretch the
    /// range: <see cref="UniformGrid.CompactLabels"/> labels such grids by their occupied cells), and the entropy in bits.
    /// </returns>
    public static (double Step, int Cells, double Entropy) Find(ReadOnlySpan<float> values, double targetBits)
    {
        (float min, float max) = ValueRange.Of(values);
        double range = (double)max - min;
        if (range == 0) return (0, 1, 0);

        // The step is set by the rate, not the range: the finest grid tried is bounded by the values' central span, so
        // one value of 10^6 among weights of order 1 cannot stop the search before the weights get their cells.
        double central = CentralSpan.Of(values);
        double span = CentralSpan.Stretched(range, central) ? CentralSpan.OutlierFactor * central : range;
        float[]? sorted = null;
        (double Step, int Cells, double Entropy) best = (range, 1, 0);
        double under = range, over = double.NaN;
        for (double step = range / 2; UniformGrid.CellsFor(span, step) <= MaxCells; step /= 2)
        {
            double bits = Evaluate(values, min, range, step, ref best, targetBits, ref sorted);
            if (bits > targetBits)
            {
                over = step;
                break;
            }
            under = step;
        }
        if (double.IsNaN(over)) return best; // even the finest grid stays under the target

        for (int i = 0; i < MaxBisections && under / over > 1 + 1e-9; i++)
        {
            double step = Math.Sqrt(under * over);
            if (Evaluate(values, min, range, step, ref best, targetBits, ref sorted) > targetBits) over = step;
            else under = step;
        }
        return best;
    }

    static double Evaluate(ReadOnlySpan<float> values, double min, double range, double step,
        ref (double Step, int Cells, double Entropy) best, double targetBits, ref float[]? sorted)
    {
        int cells = UniformGrid.CellsFor(range, step);
        long[] counts;
        if (cells <= MaxCells)
        {
            counts = UniformGrid.Counts(values, min, step, cells);
        }
        else
        {
            if (sorted == null)
            {
                sorted = values.ToArray();
                Array.Sort(sorted);
            }
            counts = UniformGrid.OccupiedCounts(sorted, min, step);
        }
        double bits = Entropy.Bits(counts);
        if (bits <= targetBits && bits > best.Entropy) best = (step, cells, bits);
        return bits;
    }
}
