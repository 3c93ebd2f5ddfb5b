using Quantize.Data.Idx;
using Quantize.Data.Images;
using Quantize.Data.NumPy;
using Quantize.Tests.Shared;

namespace Quantize.Data.Tests.Fuzz;

/// <summary>
/// The inputs afl++ found in the data readers (docs/fuzzing.md, "Findings"), kept as golden files named fuzz-*: each is
/// refused with its reader's typed exception and a message that says what is wrong, without allocating what the file
/// merely declares. The container, ONNX and safetensors findings are in Quantize.Format.Tests.
/// </summary>
public class FuzzFindingsTests
{
    public static TheoryData<string, string> IdxFindings => new()
    {
        { "fuzz-idx-declares-1.2gb", "declare 1207959552 bytes of data, the file holds 27" },
        { "fuzz-idx-declares-600mb.gz", "corrupt gzip data" }, // met after the data present, not after allocating 600 MB
    };

    [Theory]
    [MemberData(nameof(IdxFindings))]
    public void IdxReader_HeaderDeclaringMoreThanTheFileHolds_IsRefusedBeforeAllocating(string file, string message) =>
        BoundedRefusal.Assert<IdxFormatException>(() => IdxReader.Read(Golden(file)), message);

    [Fact]
    public void NpzReader_CentralDirectoryWithAnotherEntryCount_IsNotAReadableZip() =>
        BoundedRefusal.Assert<NpyFormatException>(() => NpzReader.Read(Golden("fuzz-npz-central-directory-count.npz")), "not a readable zip");

    public static TheoryData<string, string> ImageFindings => new()
    {
        { "fuzz-image-webp-data-size.webp", "cannot decode the image" }, // ImageSharp: ArgumentOutOfRangeException
        { "fuzz-image-webp-zero-width.webp", "cannot decode the image" }, // ImageSharp: ArgumentOutOfRangeException
        { "fuzz-image-webp-null-dimensions.webp", "cannot decode the image" }, // ImageSharp: NullReferenceException
        { "fuzz-image-png-zero-width.png", "cannot decode the image" }, // ImageSharp: ArgumentOutOfRangeException
        { "fuzz-image-ppm-declares-27-megapixels.ppm", "more than its 81 bytes can hold" }, // once 350 MB and seconds of work
        { "fuzz-image-jpeg-stb-loops.jpg", "cannot decode the image" }, // StbImageSharp looped forever on it; ImageSharp refuses it
        { "fuzz-image-bmp-pixels-past-the-end.bmp", "its pixels start at byte 1056964608, past the end of its 41 bytes" }, // ImageSharp: 1 GB
        { "fuzz-image-declares-60000x60000.png", "declares 60000x60000 pixels" }, // 69 bytes asking for 10.8 GB of RGB
        // ImageSharp 2.1 allocated a Huffman table per declared meta-group, outside its allocator: 594 and 153 MB. libwebp
        // (WebpDecoder) refuses both at once: the test process peaks at the same 115 MB resident as with no image (docs/fuzzing.md).
        { "fuzz-image-webp-alpha-huffman-594mb.webp", "cannot decode the image" },
        { "fuzz-image-webp-alpha-huffman-153mb.webp", "cannot decode the image" },
    };

    [Theory]
    [MemberData(nameof(ImageFindings))]
    public void ImageDecoder_FileTheDecodersFailOn_IsAnImageDataException(string file, string message) =>
        BoundedRefusal.Assert<ImageDataException>(() => ImageDecoder.LoadRgb(Golden(file)), message);

    [Fact]
    public void JpegSegments_StrayByteBetweenSegments_KeepsTheFileAwayFromStb()
    {
        Assert.False(JpegSegments.WellFormedToFirstScan(File.ReadAllBytes(Golden("fuzz-image-jpeg-stb-loops.jpg"))));
        // Every JPEG of the image-folder fixture (Pillow's pixels, matched by stb) still goes to stb.
        string[] fixtures = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "Fixtures", "imagefolder"), "*.jpg", SearchOption.AllDirectories);
        Assert.NotEmpty(fixtures);
        Assert.All(fixtures, f => Assert.True(JpegSegments.WellFormedToFirstScan(File.ReadAllBytes(f)), f));
    }

    static string Golden(string name) => Path.Combine(RepoPaths.Root, "tests", "Quantize.Data.Tests", "Golden", name);
}
