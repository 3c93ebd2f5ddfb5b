using Quantize.Data.Images;
using Quantize.Tests.Shared;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace Quantize.Data.Tests.Images;

/// <summary>WebP goes to libwebp (Skia), not ImageSharp: checked against ImageSharp's own pixels on files both read.</summary>
public class WebpDecoderTests
{
    [Fact]
    public void LosslessWebpWithAlpha_DecodesToTheStoredColours_AlphaDroppedUnblended()
    {
        using var temp = new TemporaryFolder();
        // Colours under a partial alpha: a premultiplied decode would darken them, Pillow's convert("RGB") keeps them.
        var info = new SKImageInfo(7, 5, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var random = new Random(3);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 7; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)(40 + 30 * x)));
        string path = temp.File("lossless.webp");
        using (SKData encoded = bitmap.PeekPixels().Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100)) ?? throw new InvalidOperationException("Skia could not encode WebP"))
            File.WriteAllBytes(path, encoded.ToArray());

        DecodedImage decoded = ImageDecoder.LoadRgb(path);

        Assert.Equal((7, 5, 3), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(ImageSharpRgb(path), decoded.Pixels); // an independent decoder of the same lossless file
        SKColor corner = bitmap.GetPixel(6, 4);
        Assert.Equal([corner.Red, corner.Green, corner.Blue], decoded.Pixels[^3..]);
    }

    [Fact]
    public void LossyWebpWithAlpha_IsWithinAFewLevelsOfImageSharp()
    {
        string path = Path.Combine(RepoPaths.Root, "fuzz", "corpus", "image", "rgba.webp");

        DecodedImage decoded = ImageDecoder.LoadRgb(path);

        byte[] reference = ImageSharpRgb(path);
        Assert.Equal(reference.Length, decoded.Pixels.Length);
        // Lossy VP8: the two decoders upsample chroma differently, as stb and ImageSharp do for JPEG (ImageDecoder).
        int worst = decoded.Pixels.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(worst, 0, 8);
    }

    static byte[] ImageSharpRgb(string path)
    {
        using Image<Rgb24> image = SixLabors.ImageSharp.Image.Load<Rgb24>(path);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}
