using Quantize.Data.Images;

namespace Quantize.Data.Tests.Images;

public class ImagePreprocessingTests
{
    [Fact]
    public void ParsesTheCommandLineForms()
    {
        ImagePreprocessing p = ImagePreprocessing.Parse("224", "0.485,0.456,0.406", "0.229, 0.224, 0.225", "BGR");
        Assert.Equal(new ImageSize(224, 224), p.Size);
        Assert.Equal([0.485f, 0.456f, 0.406f], p.Mean!);
        Assert.Equal([0.229f, 0.224f, 0.225f], p.Std!);
        Assert.Equal(ChannelOrder.Bgr, p.Channels);
        Assert.Equal(new ImageSize(32, 48), ImagePreprocessing.ParseSize("32,48"));
        Assert.True(ImagePreprocessing.Parse(null, "", null, " ").IsDefault);
    }

    [Fact]
    public void OneValueServesEveryChannelAndDefaultsAreZeroAndOne()
    {
        (float[] mean, float[] std) = ImagePreprocessing.Parse(null, "0.5", null, null).For(3);
        Assert.Equal([0.5f, 0.5f, 0.5f], mean);
        Assert.Equal([1f, 1f, 1f], std);
        Assert.Equal([0f], ImagePreprocessing.Default.For(1).Mean);
        Assert.Equal([1f], ImagePreprocessing.Default.For(1).Std);
    }

    [Theory]
    [InlineData("0", null, null, null, "--image-size '0' is not H or H,W (whole numbers of pixels, 1 to 16384)")]
    [InlineData("224,224,3", null, null, null, "--image-size '224,224,3' is not H or H,W (whole numbers of pixels, 1 to 16384)")]
    [InlineData(null, "0.5;0.5", null, null, "--mean '0.5;0.5' is not a comma-separated list of numbers (e.g. 0.485,0.456,0.406)")]
    [InlineData(null, null, "0.2,0,0.2", null, "--std 0.2,0,0.2 has a zero; Normalize divides by it")]
    [InlineData(null, "1,2,3,4", null, null, "--mean 1,2,3,4 has 4 values; images have 1 or 3 channels")]
    [InlineData(null, null, null, "rgba", "--channels 'rgba' is not rgb, bgr or gray")]
    public void BadOptionsFailNamingTheOption(string? size, string? mean, string? std, string? channels, string message)
    {
        var e = Assert.Throws<ImagePreprocessingException>(() => ImagePreprocessing.Parse(size, mean, std, channels));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void MeanMustCoverTheChannels()
    {
        var e = Assert.Throws<ImagePreprocessingException>(() => ImagePreprocessing.Parse(null, "0.1,0.2,0.3", null, null).For(1));
        Assert.Equal("--mean 0.1,0.2,0.3 has 3 values but the model's input takes 1 channel", e.Message);
    }

    [Fact]
    public void TransformScalesNormalisesAndLaysOutLikeTorchvision()
    {
        // One 1x2 RGB image: pixels (10, 20, 30) and (40, 50, 60).
        var image = new DecodedImage(2, 1, 3, [10, 20, 30, 40, 50, 60]);
        float[] mean = [0.485f, 0.456f, 0.406f], std = [0.229f, 0.224f, 0.225f];
        var chw = new float[6];
        new ImageTransform(new ImageSize(1, 2), ChannelOrder.Rgb, 3, false, mean, std).Write(image, chw);
        Assert.Equal([(10 / 255f - mean[0]) / std[0], (40 / 255f - mean[0]) / std[0], (20 / 255f - mean[1]) / std[1]], chw[..3]);
        var hwcBgr = new float[6];
        new ImageTransform(new ImageSize(1, 2), ChannelOrder.Bgr, 3, true, [0f, 0f, 0f], [1f, 1f, 1f]).Write(image, hwcBgr);
        Assert.Equal(new[] { 30, 20, 10, 60, 50, 40 }.Select(v => v / 255f), hwcBgr);
    }
}
