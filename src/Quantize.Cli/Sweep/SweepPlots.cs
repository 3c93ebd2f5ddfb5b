using System.Globalization;
using ScottPlot;

namespace Quantize.Cli.Sweep;

/// <summary>
/// The sweep's figures. <c>accuracy-vs-codeword-length</c> follows the paper's Figure 1: one panel per coding
/// (rows) and, with --fine-tune-epochs, before and after fine-tuning (columns); one line per method. <c>accuracy-vs-ratio</c>
/// puts every method and coding on one axis, with the accuracy a user ships (after fine-tuning where it ran). Without accuracy (--no-eval) the same figures show the
/// Hessian-weighted distortion instead and are named <c>distortion-vs-…</c>.
/// </summary>
public static class SweepPlots
{
    const int PanelWidth = 720, PanelHeight = 480;

    public static bool ShowsAccuracy(SweepReport report) => report.Rows.Any(r => r.IsOk && r.Accuracy.Quantized != null);

    static bool FineTuned(SweepReport report) => report.Rows.Any(r => r.Accuracy.FineTuned != null);

    public static string CodewordName(SweepReport report) => $"{Measure(report)}-vs-codeword-length";

    public static string RatioName(SweepReport report) => $"{Measure(report)}-vs-ratio";

    /// <summary>File name (with extension) → bytes, for both figures in PNG and SVG.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Render(SweepReport report)
    {
        int columns = FineTuned(report) ? 2 : 1, rows = Math.Max(1, report.Settings.Codings.Count);
        var files = new List<(string, byte[])>();
        Add(files, CodewordName(report), dashes => CodewordFigure(report, columns, dashes), PanelWidth * columns, PanelHeight * rows);
        Add(files, RatioName(report), dashes => RatioFigure(report, dashes), PanelWidth + 240, PanelHeight + 120);
        return files;
    }

    /// <remarks>
    /// Skia's SVG backend cannot write dash patterns (it draws them solid and complains on stderr), so the SVG
    /// figure is drawn with solid lines; codings stay apart by their markers.
    /// </remarks>
    static void Add(List<(string, byte[])> files, string name, Func<bool, Multiplot> figure, int width, int height)
    {
        files.Add(($"{name}.png", MultiplotImage.Png(figure(true), width, height)));
        files.Add(($"{name}.svg", MultiplotImage.Svg(figure(false), width, height)));
    }

    static Multiplot CodewordFigure(SweepReport report, int columns, bool dashes)
    {
        bool accuracy = ShowsAccuracy(report);
        IReadOnlyList<string> codings = report.Settings.Codings;
        int rows = Math.Max(1, codings.Count);
        var figure = new Multiplot();
        figure.AddPlots(rows * columns);
        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int c = 0; c < codings.Count; c++)
        {
            for (int stage = 0; stage < columns; stage++)
            {
                Plot plot = figure.GetPlot(c * columns + stage);
                plot.Title(PlotLabels.Coding(codings[c]) + (stage == 1 ? " + fine-tuning" : ""));
                foreach (string method in report.Settings.Methods)
                {
                    var points = report.Rows.Where(r => r.IsOk && r.Method == method && r.Coding == codings[c])
                        .Select(r => (X: r.AverageCodewordBits!.Value, Y: Value(r, accuracy, stage == 1)))
                        .Where(p => p.Y != null).OrderBy(p => p.X).ToList();
                    AddLine(plot, points, PlotLabels.Method(method), PlotLabels.MethodColor(method), LinePattern.Solid, MarkerShape.FilledCircle,
                        PlotLabels.MarkerSize(method));
                }
                Decorate(plot, report, accuracy, dashes, "average codeword length (bits per parameter)", accuracy ? Alignment.LowerRight : Alignment.UpperRight);
            }
        }
        ShareLimits(figure.GetPlots());
        return figure;
    }

    static Multiplot RatioFigure(SweepReport report, bool dashes)
    {
        bool accuracy = ShowsAccuracy(report), tuned = FineTuned(report);
        var figure = new Multiplot();
        Plot plot = figure.GetPlot(0);
        plot.Title($"{(accuracy ? "Top-1 accuracy" : "Distortion")}{(tuned ? " after fine-tuning" : "")} against compression ratio (eq. 1)");
        foreach (string method in report.Settings.Methods)
        {
            foreach (string coding in report.Settings.Codings)
            {
                var points = report.Rows.Where(r => r.IsOk && r.Method == method && r.Coding == coding)
                    .Select(r => (X: r.CompressionRatio!.Value, Y: Value(r, accuracy, tuned)))
                    .Where(p => p.Y != null).OrderBy(p => p.X).ToList();
                AddLine(plot, points, $"{PlotLabels.Method(method)}, {PlotLabels.CodingShort(coding)}",
                    PlotLabels.MethodColor(method), dashes ? PlotLabels.CodingPattern(coding) : LinePattern.Solid, PlotLabels.CodingMarker(coding),
                    PlotLabels.MarkerSize(method));
            }
        }
        Decorate(plot, report, accuracy, dashes, "compression ratio (original bits / coded bits, eq. 1)", accuracy ? Alignment.LowerLeft : Alignment.UpperLeft);
        return figure;
    }

    static void AddLine(Plot plot, List<(double X, double? Y)> points, string label, Color color, LinePattern pattern, MarkerShape marker, float markerSize)
    {
        if (points.Count == 0) return;
        var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y!.Value).ToArray(), color);
        line.LegendText = label;
        line.LinePattern = pattern;
        line.LineWidth = 1.5f;
        line.MarkerShape = marker;
        line.MarkerSize = markerSize;
    }

    static void Decorate(Plot plot, SweepReport report, bool accuracy, bool dashes, string xLabel, Alignment legend)
    {
        plot.XLabel(xLabel);
        plot.YLabel(accuracy ? "top-1 test accuracy (%)" : "distortion, log10 of Σ h·(w − c)² / N");
        if (accuracy && report.OriginalAccuracy is { } original)
        {
            var line = plot.Add.HorizontalLine(original, 1.5f, Colors.Gray, dashes ? LinePattern.Dashed : LinePattern.Solid);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"original model ({original:F2}%)");
        }
        if (plot.GetPlottables().Any()) plot.ShowLegend(legend);
    }

    /// <summary>The same axes in every panel, so panels compare at a glance as in the paper's figure.</summary>
    static void ShareLimits(Plot[] plots)
    {
        // Data points only: a horizontal reference line has no horizontal extent.
        AxisLimits[] limits = plots.SelectMany(p => p.GetPlottables<ScottPlot.Plottables.Scatter>()).Select(s => s.GetAxisLimits())
            .Concat(plots.SelectMany(p => p.GetPlottables<ScottPlot.Plottables.HorizontalLine>()).Select(h => new AxisLimits(double.NaN, double.NaN, h.Y, h.Y)))
            .ToArray();
        double left = Finite(limits.Select(l => l.Left)).DefaultIfEmpty(0).Min(), right = Finite(limits.Select(l => l.Right)).DefaultIfEmpty(1).Max();
        double bottom = Finite(limits.Select(l => l.Bottom)).DefaultIfEmpty(0).Min(), top = Finite(limits.Select(l => l.Top)).DefaultIfEmpty(1).Max();
        double padX = Math.Max((right - left) * 0.05, 0.1), padY = Math.Max((top - bottom) * 0.05, 0.1);
        foreach (Plot plot in plots) plot.Axes.SetLimits(left - padX, right + padX, bottom - padY, top + padY);
    }

    static IEnumerable<double> Finite(IEnumerable<double> values) => values.Where(double.IsFinite);

    static double? Value(SweepRow row, bool accuracy, bool fineTuned)
    {
        if (accuracy) return fineTuned ? row.Accuracy.FineTuned : row.Accuracy.Quantized;
        return row.Distortion is double d && d > 0 ? Math.Log10(d) : null;
    }

    static string Measure(SweepReport report) => ShowsAccuracy(report) ? "accuracy" : "distortion";
}
