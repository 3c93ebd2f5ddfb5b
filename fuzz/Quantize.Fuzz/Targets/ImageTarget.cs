using Quantize.Data.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Quantize.Fuzz.Targets;

/// <summary>
/// One image file of an image folder, as a training batch reads it: ImageDecoder.LoadRgb (StbImageSharp for JPEG,
/// ImageSharp for the rest, chosen from the content), then ImageTransform's gray and RGB preparation (channel
/// conversion, PIL's bilinear resize) into floats.
/// </summary>
sealed class ImageTarget : FuzzTarget
{
    static readonly ImageTransform[] Transforms =
    [
        new(new ImageSize(7, 5), ChannelOrder.Gray, 1, ChannelsLast: false, [0.5f], [0.25f]),
        new(new ImageSize(4, 9), ChannelOrder.Bgr, 3, ChannelsLast: true, [0f, 0f, 0f], [1f, 1f, 1f]),
    ];

    public override string Name => "image";

    public override string Description => "image file: ImageDecoder.LoadRgb (StbImageSharp for JPEG, ImageSharp for PNG, BMP, GIF, TIFF, WebP, TGA, PBM), then ImageTransform.Prepare and Write";

    public override IReadOnlyList<Type> Expected { get; } = [typeof(ImageDataException)];

    /// <summary>
    /// An image may expand far beyond its bytes, up to the pixels docs/data.md allows (<see cref="ImageDecoder.PixelLimit"/>);
    /// decoding, converting and resizing take about 13 bytes a pixel (measured on a 27-megapixel PPM), so 32 a pixel.
    /// </summary>
    public override long AllocationBudget(int inputLength) => base.AllocationBudget(inputLength) + 32 * ImageDecoder.PixelLimit(inputLength);

    public override void Run(byte[] input, Scratch scratch)
    {
        DecodedImage image = ImageDecoder.LoadRgb(scratch.Write("input.img", input));
        Execution.Check(image.Width > 0 && image.Height > 0 && image.Channels == 3 && image.Pixels.LongLength == (long)image.Width * image.Height * 3,
            $"a decoded image of {image.Width}x{image.Height} holds its pixels");
        foreach (ImageTransform transform in Transforms)
        {
            DecodedImage prepared = transform.Prepare(image);
            transform.Write(prepared, new float[transform.ValuesPerImage]);
        }
    }

    public override IEnumerable<Seed> Seeds(string repositoryRoot)
    {
        string shapes = Path.Combine(repositoryRoot, "tests", "Fixtures", "imagefolder", "shapes", "test", "circle");
        foreach (string name in (string[])["circle_00.png", "circle_03.png", "circle_05.PNG", "circle_01.jpg", "circle_06.bmp", "skipped.gif"])
            yield return new Seed(name, File.ReadAllBytes(Path.Combine(shapes, name)));

        using var image = new Image<Rgba32>(6, 5);
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                image[x, y] = new Rgba32((byte)(x * 40), (byte)(y * 50), (byte)(x * y * 9), (byte)(255 - x * 20));
        yield return Encoded("rgba.webp", s => image.SaveAsWebp(s));
        yield return Encoded("rgba.tiff", s => image.SaveAsTiff(s));
        yield return Encoded("rgba.tga", s => image.SaveAsTga(s));
        yield return Encoded("rgb.pbm", s => image.SaveAsPbm(s));
        yield return Encoded("palette.png", s => image.SaveAsPng(s, new PngEncoder { ColorType = PngColorType.Palette }));
        yield return Encoded("gray16.png", s => image.SaveAsPng(s, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 }));
        yield return Encoded("interlaced.png", s => image.SaveAsPng(s, new PngEncoder { InterlaceMethod = PngInterlaceMode.Adam7 }));
    }

    static Seed Encoded(string name, Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return new Seed(name, stream.ToArray());
    }
}
