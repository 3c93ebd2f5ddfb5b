namespace Quantize.Data.Images;

/// <summary>Pixels of one image, row by row, channels interleaved (1 = gray, 3 = RGB), 8 bits each.</summary>
public sealed record DecodedImage(int Width, int Height, int Channels, byte[] Pixels)
{
    public ImageSize Size => new(Height, Width);
}
