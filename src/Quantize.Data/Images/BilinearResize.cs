namespace Quantize.Data.Images;

/// <summary>
/// Resizes 8-bit images the way PIL's <c>Image.resize(size, BILINEAR)</c> does, which is what torchvision's
/// <c>Resize((H, W))</c> runs on PIL images: a triangle filter widened by the scale factor when shrinking (so it
/// antialiases), applied separably — a horizontal pass, rounded to 8 bits, then a vertical pass — with weights in
/// 22-bit fixed point. Following the same arithmetic gives the same bytes, not merely close ones.
/// </summary>
public static class BilinearResize
{
    // PIL keeps 8 bits of headroom for the pixel and 2 for the sign and overshoot in a 32-bit accumulator.
    const int PrecisionBits = 32 - 8 - 2;

    public static DecodedImage Resize(DecodedImage image, ImageSize size)
    {
        if (image.Width == size.Width && image.Height == size.Height) return image;
        int channels = image.Channels;
        byte[] pixels = image.Pixels;
        int width = image.Width;
        if (size.Width != width)
        {
            pixels = Horizontal(pixels, width, image.Height, channels, size.Width);
            width = size.Width;
        }
        if (size.Height != image.Height) pixels = Vertical(pixels, width, image.Height, channels, size.Height);
        return new DecodedImage(size.Width, size.Height, channels, pixels);
    }

    static byte[] Horizontal(byte[] source, int width, int height, int channels, int outWidth)
    {
        Kernels k = Kernels.For(width, outWidth);
        var result = new byte[outWidth * height * channels];
        for (int y = 0; y < height; y++)
        {
            int row = y * width * channels, outRow = y * outWidth * channels;
            for (int x = 0; x < outWidth; x++)
            {
                int first = k.First[x], taps = k.Taps[x], weights = x * k.Size;
                for (int c = 0; c < channels; c++)
                {
                    int sum = 1 << (PrecisionBits - 1);
                    for (int t = 0; t < taps; t++) sum += source[row + (first + t) * channels + c] * k.Weights[weights + t];
                    result[outRow + x * channels + c] = Clip(sum);
                }
            }
        }
        return result;
    }

    static byte[] Vertical(byte[] source, int width, int height, int channels, int outHeight)
    {
        Kernels k = Kernels.For(height, outHeight);
        int stride = width * channels;
        var result = new byte[outHeight * stride];
        for (int y = 0; y < outHeight; y++)
        {
            int first = k.First[y], taps = k.Taps[y], weights = y * k.Size;
            for (int i = 0; i < stride; i++)
            {
                int sum = 1 << (PrecisionBits - 1);
                for (int t = 0; t < taps; t++) sum += source[(first + t) * stride + i] * k.Weights[weights + t];
                result[y * stride + i] = Clip(sum);
            }
        }
        return result;
    }

    static byte Clip(int sum)
    {
        int value = sum >> PrecisionBits;
        return value < 0 ? (byte)0 : value > 255 ? (byte)255 : (byte)value;
    }

    static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }

    /// <summary>For each output position: the first input it reads, how many, and their fixed-point weights.</summary>
    sealed record Kernels(int Size, int[] First, int[] Taps, int[] Weights)
    {
        public static Kernels For(int inSize, int outSize)
        {
            double scale = (double)inSize / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = 1.0 * filterScale; // the triangle's support is 1, widened when shrinking
            int size = (int)Math.Ceiling(support) * 2 + 1;
            var first = new int[outSize];
            var taps = new int[outSize];
            var weights = new int[outSize * size];
            var w = new double[size];
            double inverse = 1.0 / filterScale; // multiplied, not divided: the last bit must match PIL's
            for (int o = 0; o < outSize; o++)
            {
                double center = (o + 0.5) * scale;
                // Casts truncate toward zero, as C's do; the clamps follow.
                int min = Math.Max((int)(center - support + 0.5), 0);
                int count = Math.Min((int)(center + support + 0.5), inSize) - min;
                double total = 0;
                for (int t = 0; t < count; t++)
                {
                    w[t] = Triangle((t + min - center + 0.5) * inverse);
                    total += w[t];
                }
                for (int t = 0; t < count; t++)
                {
                    double normalised = total != 0.0 ? w[t] / total : w[t];
                    weights[o * size + t] = (int)(normalised < 0 ? -0.5 + normalised * (1 << PrecisionBits) : 0.5 + normalised * (1 << PrecisionBits));
                }
                first[o] = min;
                taps[o] = count;
            }
            return new Kernels(size, first, taps, weights);
        }
    }
}
