using ScottPlot;
using SkiaSharp;

namespace Quantize.Cli.Sweep;

/// <summary>Renders a set of panels to PNG or SVG bytes in memory, so the files can be written atomically like every other output.</summary>
static class MultiplotImage
{
    public static byte[] Png(Multiplot multiplot, int width, int height)
    {
        using Image image = multiplot.Render(width, height);
        return image.GetImageBytes(ImageFormat.Png, 100);
    }

    public static byte[] Svg(Multiplot multiplot, int width, int height)
    {
        using var stream = new MemoryStream();
        // The canvas writes the closing tag when disposed, so it must be gone before the bytes are read.
        using (var managed = new SKManagedWStream(stream))
        using (SKCanvas canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), managed))
        {
            canvas.Clear(SKColors.White);
            multiplot.Render(canvas, new PixelRect(0, width, height, 0));
        }
        return stream.ToArray();
    }
}
