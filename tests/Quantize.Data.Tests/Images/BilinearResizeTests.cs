using Quantize.Data.Images;
using Quantize.Data.NumPy;

namespace Quantize.Data.Tests.Images;

/// <summary>Against what Pillow 9.4 computed (tests/Fixtures/imagefolder/make.py): the same bytes, not close ones.</summary>
public class BilinearResizeTests
{
    static readonly Lazy<Dictionary<string, NpyArray>> Expected =
        new(() => NpzReader.Read(ImageFolderFixture.File("resize.npz")).ToDictionary(a => a.Name));

    static DecodedImage Source => ImageDecoder.LoadRgb(ImageFolderFixture.File(Path.Combine("resize", "source.png")));

    [Theory]
    [InlineData(24, 24)]
    [InlineData(50, 61)]
    [InlineData(5, 8)]
    [InlineData(23, 10)]
    [InlineData(9, 37)]
    [InlineData(100, 3)]
    public void MatchesPillowsBilinearResizeByteForByte(int height, int width)
    {
        DecodedImage rgb = BilinearResize.Resize(Source, new ImageSize(height, width));
        Assert.Equal(Expected.Value[$"rgb_{height}x{width}"].Data, rgb.Pixels);
        DecodedImage gray = BilinearResize.Resize(ChannelConversion.ToGray(Source), new ImageSize(height, width));
        Assert.Equal(Expected.Value[$"gray_{height}x{width}"].Data, gray.Pixels);
    }

    [Fact]
    public void GrayIsPillowsLuma() => Assert.Equal(Expected.Value["gray"].Data, ChannelConversion.ToGray(Source).Pixels);

    [Fact]
    public void TheSameSizeIsLeftAlone()
    {
        DecodedImage source = Source;
        Assert.Same(source, BilinearResize.Resize(source, source.Size));
    }
}
