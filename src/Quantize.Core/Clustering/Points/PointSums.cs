namespace Quantize.Core.Clustering.Points;

/// <summary>Σh, Σh·x and Σh·x² of a group of values (or running totals of them).</summary>
struct PointSums
{
    public double Weight;
    public double WeightedSum;
    public double WeightedSquares;
}
