using System.Globalization;
using Quantize.Cli.Reports;
using Quantize.Cli.Sweep;
using ScottPlot;

namespace Quantize.Cli.Sensitivity;

/// <summary>
/// The sensitivity chart: per layer, in model order, the validation accuracy lost with that layer alone quantized (top)
/// and the bits per parameter it takes in the all-layers codebook (bottom), so what a layer costs stands above what it saves.
/// </summary>
public static class SensitivityChart
{
    const int Width = 960, PanelHeight = 380;

    public static byte[] Png(SensitivityReport report)
    {
        var figure = new Multiplot();
        figure.AddPlots(2);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(2, 1);
        string[] names = report.Layers.Select(l => l.Name).ToArray();
        Bars(figure.GetPlot(0), names, report.Layers.Select(l => l.DropAlone ?? 0).ToArray(), Colors.FireBrick, "accuracy drop (points)",
            string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(report.Model)}: validation accuracy lost with only this layer quantized " +
                $"(all layers at once: {report.OriginalAccuracy - report.AllLayersAccuracy:F2} points; {report.ValidationSamples} samples)"));
        Bars(figure.GetPlot(1), names, report.Layers.Select(l => l.BitsPerParameter).ToArray(), Colors.SteelBlue, "bits per parameter",
            string.Create(CultureInfo.InvariantCulture,
                $"bits it takes in the all-layers codebook ({report.Method}, {report.Clusters} clusters, {report.AverageCodewordBits:F2} on average)"));
        return MultiplotImage.Png(figure, Width, PanelHeight * 2 + 120);
    }

    static void Bars(Plot plot, string[] names, double[] values, Color color, string label, string title)
    {
        plot.Title(title, size: 14);
        var bars = plot.Add.Bars(values);
        bars.Color = color;
        double[] positions = Enumerable.Range(0, names.Length).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.YLabel(label);
        plot.Axes.Margins(bottom: 0);
    }
}
