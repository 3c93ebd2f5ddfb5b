namespace Quantize.Data.Images;

/// <summary>
/// Preprocessing resolved against a model's input: the size to resize to, the channels fed and how many, the layout,
/// and per-channel mean and std. Applied in torchvision's order — <c>convert("L")</c> when gray is fed, then
/// <c>Resize</c> (<see cref="BilinearResize"/>), <c>ToTensor</c> (bytes / 255 in float32), <c>Normalize</c>
/// ((x − mean) / std in float32) — so each value is the float PyTorch computes.
/// </summary>
public sealed record ImageTransform(ImageSize Size, ChannelOrder Channels, int ChannelCount, bool ChannelsLast, float[] Mean, float[] Std)
{
    /// <summary>Floats per image: height × width × channels.</summary>
    public int ValuesPerImage => Size.Height * Size.Width * ChannelCount;

    /// <summary>Channel mode and size applied: 8-bit pixels, one channel for gray, three (RGB) otherwise.</summary>
    public DecodedImage Prepare(DecodedImage image)
    {
        DecodedImage converted = Channels == ChannelOrder.Gray ? ChannelConversion.ToGray(image) : ChannelConversion.ToRgb(image);
        return BilinearResize.Resize(converted, Size);
    }

    /// <summary>A prepared image as floats in the layout (CHW or HWC), channels reordered, scaled and normalised.</summary>
    public void Write(DecodedImage prepared, Span<float> destination)
    {
        if (prepared.Width != Size.Width || prepared.Height != Size.Height)
            throw new ArgumentException($"image is {prepared.Size}, not the prepared {Size}", nameof(prepared));
        if (destination.Length != ValuesPerImage) throw new ArgumentException("destination holds one image's values", nameof(destination));
        if (Mean.Length != ChannelCount || Std.Length != ChannelCount) throw new InvalidOperationException("mean and std need one value per channel");
        int pixels = Size.Height * Size.Width, source = prepared.Channels;
        byte[] bytes = prepared.Pixels;
        for (int c = 0; c < ChannelCount; c++)
        {
            // Gray fed to a three-channel input is replicated (torchvision's Grayscale(3)); BGR reads the RGB bytes backwards.
            int from = source == 1 ? 0 : Channels == ChannelOrder.Bgr ? 2 - c : c;
            float mean = Mean[c], std = Std[c];
            for (int p = 0; p < pixels; p++)
            {
                float value = (bytes[p * source + from] / 255f - mean) / std;
                destination[ChannelsLast ? p * ChannelCount + c : c * pixels + p] = value;
            }
        }
    }
}
