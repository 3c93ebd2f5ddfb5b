namespace Quantize.Core.Clustering.Points;

/// <summary>
/// Neumaier's compensated running sum. Prefix sums over millions of terms are differenced to get
/// interval sums; compensating keeps each prefix correctly rounded so the differences stay accurate.
/// </summary>
struct CompensatedSum
{
    double _sum;
    double _compensation;

    public void Add(double term)
    {
        double total = _sum + term;
        _compensation += Math.Abs(_sum) >= Math.Abs(term) ? (_sum - total) + term : (term - total) + _sum;
        _sum = total;
    }

    public readonly double Value => _sum + _compensation;
}
