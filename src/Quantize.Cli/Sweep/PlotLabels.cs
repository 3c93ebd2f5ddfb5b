using ScottPlot;

namespace Quantize.Cli.Sweep;

/// <summary>How the plots name and draw methods and codings: the paper's legend names, one colour per method in every panel.</summary>
static class PlotLabels
{
    public static string Method(string name) => name switch
    {
        "kmeans" => "k-means",
        "hkmeans" => "Hessian-weighted k-means",
        "uniform" => "uniform quantization",
        "ecsq" => "iterative ECSQ",
        _ => name,
    };

    public static string Coding(string name) => name switch
    {
        "fixed" => "Fixed-length coding",
        "huffman" => "Huffman coding",
        "ans" => "ANS coding",
        _ => name,
    };

    /// <summary>The coding's name inside a legend entry: "uniform quantization, Huffman".</summary>
    public static string CodingShort(string name) => name switch
    {
        "fixed" => "fixed-length",
        "huffman" => "Huffman",
        "ans" => "ANS",
        _ => name,
    };

    public static Color MethodColor(string name) => new ScottPlot.Palettes.Category10().GetColor(Math.Max(0, SweepGrid.MethodRank(name)));

    /// <summary>Earlier methods get larger markers, so a method hidden under another one (kmeans under hkmeans without a Hessian) still shows.</summary>
    public static float MarkerSize(string method) => 11 - 2f * Math.Max(0, SweepGrid.MethodRank(method));

    public static LinePattern CodingPattern(string name) => name switch
    {
        "fixed" => LinePattern.Dashed,
        "ans" => LinePattern.Dotted,
        _ => LinePattern.Solid,
    };

    public static MarkerShape CodingMarker(string name) => name switch
    {
        "fixed" => MarkerShape.FilledSquare,
        "ans" => MarkerShape.FilledTriangleUp,
        _ => MarkerShape.FilledCircle,
    };
}
