using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Quantize.Format.Data.Images;

/// <summary>
/// Decodes an image file to 8-bit RGB with SixLabors.ImageSharp, as torchvision's loader does with PIL's
/// <c>Image.open(f).convert("RGB")</c>: gray is replicated, palettes are looked up, alpha is dropped (not composited).
/// The format is read from the content, not the extension. EXIF orientation is ignored, as PIL ignores it.
/// </summary>
public static class ImageDecoder
{
    public static DecodedImage LoadRgb(string path)
    {
        try
        {
            using Image<Rgb24> image = Image.Load<Rgb24>(path);
            var pixels = new byte[image.Width * image.Height * 3];
            image.CopyPixelDataTo(pixels);
            return new DecodedImage(image.Width, image.Height, 3, pixels);
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or ImageFormatException or NotSupportedException)
        {
            throw new ImageDataException($"{path}: cannot decode the image ({e.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')})", e);
        }
        catch (IOException e)
        {
            throw new ImageDataException($"{path}: cannot read the image ({e.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')})", e);
        }
    }
}
