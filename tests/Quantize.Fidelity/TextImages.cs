using SkiaSharp;

namespace Quantize.Fidelity;

/// <summary>
/// Images with printed text, the inputs OCR models are made for: a detector's text-probability map is almost all zero
/// on noise (results.md §9g), so its fidelity is only measured where there is text to find. Rendered with SkiaSharp
/// from the DejaVu fonts (Debian's fonts-dejavu-core), words drawn from a fixed list, every choice from the seeded
/// <see cref="Random"/>: the same seed gives the same pixels.
/// </summary>
static class TextImages
{
    const string FontFolder = "/usr/share/fonts/truetype/dejavu";

    static readonly string[] Words =
    [
        "invoice", "total", "amount", "date", "page", "order", "number", "customer", "address", "street", "city", "phone",
        "email", "price", "quantity", "item", "description", "tax", "subtotal", "payment", "due", "account", "bank",
        "receipt", "store", "open", "daily", "menu", "coffee", "tea", "water", "bread", "cheese", "apple", "orange",
        "station", "platform", "train", "departure", "arrival", "exit", "entrance", "parking", "warning", "caution",
        "notice", "please", "thank", "you", "welcome", "hello", "world", "model", "network", "quantization", "limit",
        "Monday", "Tuesday", "March", "October", "London", "Berlin", "Paris", "Seoul", "ACME", "Ltd.", "No.", "Tel:",
    ];

    /// <summary>A page: a light background, a few lines of dark text at random places, sizes and fonts. NCHW, 3 channels.</summary>
    public static double[] Pages(int[] shape, double[] mean, double[] std, Random random) => Render(shape, mean, std, random, (canvas, height, width) =>
    {
        int lines = random.Next(3, 9);
        for (int line = 0; line < lines; line++)
        {
            float size = (float)(height * (0.04 + 0.08 * random.NextDouble()));
            DrawText(canvas, Sentence(random, random.Next(1, 5)), Font(random), size, Dark(random),
                (float)(width * 0.5 * random.NextDouble()), (float)(size + (height - size) * random.NextDouble()));
        }
    });

    /// <summary>A text line, as a recogniser or an orientation classifier gets it: one line filling the height. NCHW, 3 channels.</summary>
    public static double[] Lines(int[] shape, double[] mean, double[] std, Random random) => Render(shape, mean, std, random, (canvas, height, width) =>
    {
        float size = (float)(height * (0.55 + 0.25 * random.NextDouble()));
        DrawText(canvas, Sentence(random, random.Next(2, 6)), Font(random), size, Dark(random),
            (float)(width * 0.05 * random.NextDouble()), height * 0.5f + size * 0.35f);
    });

    // Each sample: a light background, then whatever draw puts on it (given the canvas, height and width), normalised.
    static double[] Render(int[] shape, double[] mean, double[] std, Random random, Action<SKCanvas, int, int> draw)
    {
        (int count, int height, int width) = Check(shape);
        var values = new double[count * 3 * height * width];
        for (int n = 0; n < count; n++)
        {
            using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(Light(random));
                draw(canvas, height, width);
            }
            Normalize(bitmap, values, n, mean, std);
        }
        return values;
    }

    static (int Count, int Height, int Width) Check(int[] shape)
    {
        if (shape.Length != 4 || shape[1] != 3) throw new InvalidDataException("text images need an NCHW input with 3 channels");
        if (!Directory.Exists(FontFolder)) throw new InvalidOperationException($"no fonts in {FontFolder}: apt-get install fonts-dejavu-core");
        return (shape[0], shape[2], shape[3]);
    }

    static void DrawText(SKCanvas canvas, string text, SKTypeface typeface, float size, SKColor color, float x, float y)
    {
        using var font = new SKFont(typeface, size);
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
    }

    // pixel / 255, then (v - mean[c]) / std[c], channels in RGB order.
    static void Normalize(SKBitmap bitmap, double[] values, int n, double[] mean, double[] std)
    {
        int height = bitmap.Height, width = bitmap.Width, plane = height * width;
        ReadOnlySpan<byte> pixels = bitmap.GetPixelSpan();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < plane; i++)
                values[(n * 3 + c) * plane + i] = (pixels[i * 4 + c] / 255.0 - mean[c]) / std[c];
    }

    static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => random.Next(5) == 0 ? random.Next(1, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture) : Words[random.Next(Words.Length)]));

    static readonly Lazy<SKTypeface[]> Typefaces = new(() => Directory.GetFiles(FontFolder, "*.ttf").Order(StringComparer.Ordinal)
        .Select(f => SKTypeface.FromFile(f) ?? throw new InvalidOperationException($"cannot read font {f}")).ToArray());

    static SKTypeface Font(Random random) => Typefaces.Value[random.Next(Typefaces.Value.Length)];

    static SKColor Light(Random random) => new((byte)random.Next(200, 256), (byte)random.Next(200, 256), (byte)random.Next(200, 256));

    static SKColor Dark(Random random) => new((byte)random.Next(0, 80), (byte)random.Next(0, 80), (byte)random.Next(0, 80));
}
