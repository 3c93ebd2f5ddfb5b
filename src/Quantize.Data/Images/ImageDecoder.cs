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
/// read (12-bit, arithmetic-coded), goes to SixLabors.ImageSharp 2.1.
/// </summary>
public static class ImageDecoder
{
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
        if (IsJpeg(bytes) && LibJpegLike(bytes) is { } jpeg) return jpeg;
        try
        {
            using Image<Rgb24> image = Image.Load<Rgb24>(bytes);
            var pixels = new byte[image.Width * image.Height * 3];
            image.CopyPixelDataTo(pixels);
            return new DecodedImage(image.Width, image.Height, 3, pixels);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException)
        {
            throw new ImageDataException($"{path}: cannot decode the image ({OneLine(e.Message)})", e);
        }
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
