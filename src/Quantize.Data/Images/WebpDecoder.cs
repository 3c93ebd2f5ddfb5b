using SkiaSharp;

namespace Quantize.Data.Images;

/// <summary>
/// WebP through libwebp (inside Skia): the library Pillow decodes WebP with, so lossy files get its YUV upsampling, and
/// one fuzzed for years. ImageSharp 2.1's lossless decoder allocated a Huffman table per declared meta-group, outside its
/// allocator's limit: 594 MB for 116 bytes (docs/fuzzing.md). The first frame of an animation, as Pillow's open does.
/// </summary>
static class WebpDecoder
{
    public static bool IsWebp(byte[] bytes) =>
        bytes.Length >= 12 && bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8);

    /// <summary>8-bit RGB, alpha dropped unblended (Pillow's convert("RGB")); <see cref="InvalidDataException"/> saying why libwebp could not.</summary>
    public static DecodedImage Decode(byte[] bytes, long pixelLimit)
    {
        using SKData data = SKData.CreateCopy(bytes);
        using SKCodec codec = SKCodec.Create(data) ?? throw new InvalidDataException("not a WebP file libwebp can read");
        (int width, int height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) throw new InvalidDataException($"a WebP of {width}x{height} pixels");
        if ((long)width * height > pixelLimit) throw new InvalidDataException($"the WebP declares {width}x{height} pixels, more than this file may hold");
        // Unpremultiplied, so a translucent pixel keeps the colour stored for it, as Pillow's RGBA → RGB keeps it.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success) throw new InvalidDataException($"libwebp stopped: {result}");
        ReadOnlySpan<byte> rgba = bitmap.GetPixelSpan();
        var rgb = new byte[width * height * 3];
        for (int p = 0, q = 0; q < rgb.Length; p += 4, q += 3)
        {
            rgb[q] = rgba[p];
            rgb[q + 1] = rgba[p + 1];
            rgb[q + 2] = rgba[p + 2];
        }
        return new DecodedImage(width, height, 3, rgb);
    }
}
