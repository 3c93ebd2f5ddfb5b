using System.Globalization;
using Quantize.Cli.Sweep;
using ScottPlot;

namespace Quantize.Cli.Pruning;

/// <summary>
/// Test accuracy against the fraction of weights kept, one line per series (e.g. one-shot against gradual pruning), on a
/// logarithmic density axis so 2% and 5% are as far apart as 20% and 50%; the dense model's accuracy as a dashed line.
/// </summary>
public static class PruneCurveChart
{
    const int Width = 900, Height = 560;

    public static byte[] Png(IReadOnlyList<PruneCurvePoint> points, string title)
    {
        var figure = new Multiplot();
        Plot plot = figure.GetPlot(0);
        plot.Title(title, size: 14);
        Color[] colors = [Colors.FireBrick, Colors.SteelBlue, Colors.ForestGreen, Colors.DarkOrange, Colors.Purple, Colors.Gray];
        string[] series = points.Select(p => p.Series).Distinct().ToArray();
        for (int s = 0; s < series.Length; s++)
        {
            PruneCurvePoint[] line = points.Where(p => p.Series == series[s]).OrderBy(p => p.KeptFraction).ToArray();
            var scatter = plot.Add.Scatter(line.Select(p => Math.Log10(p.KeptFraction)).ToArray(), line.Select(p => p.Accuracy).ToArray());
            scatter.LegendText = series[s];
            scatter.Color = colors[s % colors.Length];
            scatter.LineWidth = 2;
            scatter.MarkerSize = 8;
        }
        double[] befores = points.Select(p => p.AccuracyBefore).Distinct().ToArray();
        if (befores.Length == 1)
        {
            var dense = plot.Add.HorizontalLine(befores[0]);
            dense.LinePattern = LinePattern.Dashed;
            dense.Color = Colors.Black;
            dense.LegendText = string.Create(CultureInfo.InvariantCulture, $"dense ({befores[0]:F2}%)");
        }
        double[] densities = points.Select(p => p.KeptFraction).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(densities.Select(Math.Log10).ToArray(),
            densities.Select(d => string.Create(CultureInfo.InvariantCulture, $"{100 * d:0.##}%")).ToArray());
        plot.XLabel("weights kept (density, log scale)");
        plot.YLabel("test accuracy (%)");
        plot.ShowLegend(Alignment.LowerRight);
        return MultiplotImage.Png(figure, Width, Height);
    }
}
