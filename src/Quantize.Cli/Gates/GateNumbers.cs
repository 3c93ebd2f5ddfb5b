using System.Globalization;

namespace Quantize.Cli.Gates;

/// <summary>
/// Numbers in gate messages: two decimals, or more where two would make a failing value look equal to its
/// threshold ("9.9996 &lt; 10", never "10.00 &lt; 10").
/// </summary>
public static class GateNumbers
{
    const int MaxDecimals = 6;

    public static string Threshold(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>The value and the gap to the threshold, with the same, just sufficient, number of decimals (at least <paramref name="minDecimals"/>).</summary>
    public static (string Value, string Gap) Against(double value, double threshold, int minDecimals = 2)
    {
        int decimals = minDecimals;
        while (decimals < MaxDecimals && Math.Round(value, decimals) == Math.Round(threshold, decimals)) decimals++;
        string format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return (value.ToString(format, CultureInfo.InvariantCulture), Math.Abs(threshold - value).ToString(format, CultureInfo.InvariantCulture));
    }
}
