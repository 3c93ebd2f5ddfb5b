namespace Quantize.Data.Images;

/// <summary>Between one gray channel and RGB, with PIL's rules (torchvision's <c>Grayscale</c> calls <c>convert("L")</c>).</summary>
public static class ChannelConversion
{
    /// <summary>ITU-R 601-2 luma in PIL's fixed point: L = (19595 R + 38470 G + 7471 B + 2^15) >> 16.</summary>
    public static DecodedImage ToGray(DecodedImage image)
    {
        if (image.Channels == 1) return image;
        byte[] rgb = image.Pixels;
        var gray = new byte[image.Width * image.Height];
        for (int i = 0; i < gray.Length; i++)
            gray[i] = (byte)((rgb[3 * i] * 19595 + rgb[3 * i + 1] * 38470 + rgb[3 * i + 2] * 7471 + 0x8000) >> 16);
        return new DecodedImage(image.Width, image.Height, 1, gray);
    }

    /// <summary>Gray replicated into R, G and B (PIL's L → RGB).</summary>
    public static DecodedImage ToRgb(DecodedImage image)
    {
        if (image.Channels == 3) return image;
        var rgb = new byte[image.Pixels.Length * 3];
        for (int i = 0; i < image.Pixels.Length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = image.Pixels[i];
        return new DecodedImage(image.Width, image.Height, 3, rgb);
    }
}
