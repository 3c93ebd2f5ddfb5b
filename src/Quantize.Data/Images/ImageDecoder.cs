using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using StbImageSharp;

namespace Quantize.Data.Images;

/// <summary>
/// Decodes an image file to 8-bit RGB as torchvision's loader does with PIL's <c>Image.open(f).convert("RGB")</c>:
/// gray is replicated, palettes are looked up, alpha is dropped (not composited). The format is read from the
/// content, not the extension; EXIF orientation is ignored, as PIL ignores it.
/// JPEG goes to StbImageSharp, whose decoder follows libjpeg's (the one behind Pillow), "fancy" triangle chroma
/// upsampling included: measured at most 3 levels from Pillow's pixels, where ImageSharp 2.1's box upsampling gave
/// up to 26 (mean 3.3) on the same files (tests/Fixtures/imagefolder). Everything else, and any JPEG stb cannot
/// read (12-bit, arithmetic-coded) or whose segments are malformed (<see cref="JpegSegments"/>), goes to SixLabors.ImageSharp 2.1.
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// The most pixels one image may declare (8192 × 8192): decoders allocate the whole image from its header, so a few
    /// bytes declaring 60000 × 60000 would take gigabytes before the data are found missing (docs/data.md, "Limits").
    /// </summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>
    /// The most pixels an image may declare per byte of its file. Compressed images of real content stay far below it
    /// (JPEG under 100 pixels a byte, 8-bit PNG under 400); a one-bit PNG of a single colour reaches about 8,000. An
    /// 81-byte PPM declaring 6 × 4,522,554 pixels made ImageSharp allocate 350 MB and spend seconds (found by fuzzing).
    /// </summary>
    public const long MaxPixelsPerByte = 1L << 13;

    /// <summary>The most pixels a file of <paramref name="length"/> bytes may declare.</summary>
    public static long PixelLimit(long length) => Math.Min(MaxPixels, MaxPixelsPerByte * length);

    public static DecodedImage LoadRgb(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ImageDataException($"{path}: cannot read the image ({OneLine(e.Message)})", e);
        }
        try
        {
            // WebP never reaches ImageSharp: its lossless decoder allocates what a damaged file declares (WebpDecoder).
            if (WebpDecoder.IsWebp(bytes)) return WebpDecoder.Decode(bytes, PixelLimit(bytes.Length));
            CheckDeclaredSize(bytes, path);
            if (IsJpeg(bytes) && JpegSegments.WellFormedToFirstScan(bytes) && LibJpegLike(bytes) is { } jpeg) return jpeg;
            using Image<Rgb24> image = Image.Load<Rgb24>(bytes);
            var pixels = new byte[image.Width * image.Height * 3];
            image.CopyPixelDataTo(pixels);
            return new DecodedImage(image.Width, image.Height, 3, pixels);
        }
        catch (Exception e) when (e is not (ImageDataException or OutOfMemoryException))
        {
            // ImageSharp 2.1 throws more than its documented exceptions on damaged files — ArgumentOutOfRangeException
            // and NullReferenceException from its WebP decoder among them (found by fuzzing, docs/fuzzing.md) — so any
            // exception while decoding these bytes says the same thing: they are not an image this tool can read.
            throw new ImageDataException($"{path}: cannot decode the image ({OneLine(e.Message)})", e);
        }
    }

    // From the header alone, by ImageSharp for every format; an unknown format passes here and is refused by the decoder
    // with its own message. Not stb's ImageInfo for JPEG: it loops forever on some damaged headers (found by fuzzing).
    static void CheckDeclaredSize(byte[] bytes, string path)
    {
        if (BmpHeader.IsBmp(bytes) && BmpHeader.Problem(bytes) is { } problem)
            throw new ImageDataException($"{path}: cannot decode the image (a damaged BMP: {problem})");
        (long width, long height) = Image.Identify(bytes) is { } info ? (info.Width, info.Height) : (0, 0);
        if (width * height > MaxPixels)
            throw new ImageDataException($"{path}: the image declares {width}x{height} pixels, more than the {MaxPixels:N0} this tool decodes");
        if (width * height > PixelLimit(bytes.Length))
            throw new ImageDataException(
                $"{path}: the image declares {width}x{height} pixels, more than its {bytes.Length} bytes can hold (at most {MaxPixelsPerByte:N0} pixels a byte)");
    }

    static bool IsJpeg(byte[] bytes) => bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    static DecodedImage? LibJpegLike(byte[] bytes)
    {
        try
        {
            ImageResult result = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
            if (result.Data == null || result.Data.Length != result.Width * result.Height * 3) return null;
            return new DecodedImage(result.Width, result.Height, 3, result.Data);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or IndexOutOfRangeException or ArgumentException)
        {
            return null; // ImageSharp then decodes it or says why not
        }
    }

    static string OneLine(string message) => message.ReplaceLineEndings(" ").TrimEnd('.', ' ');
}
