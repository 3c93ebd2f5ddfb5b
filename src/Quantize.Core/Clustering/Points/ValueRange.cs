namespace Quantize.Core.Clustering.Points;

static class ValueRange
{
    public static (float Min, float Max) Of(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float value in values)
        {
            if (!float.IsFinite(value)) throw new ArgumentException("parameters must be finite (found NaN or infinity)");
            if (value < min) min = value;
            if (value > max) max = value;
        }
        return (min, max);
    }
}
