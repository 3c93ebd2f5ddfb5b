using Quantize.Data.Images;
using Quantize.Data.Idx;

namespace Quantize.Data.Tests.Images;

public class ImageFolderTests
{
    [Fact]
    public void ListsClassesFilesAndLabelsInTorchvisionsOrder()
    {
        ImageFolderSplit test = ImageFolder.Scan(ImageFolderFixture.Shapes, DatasetSplit.Test);
        // 'Square' first: ordinal order, as Python sorts, not case-insensitive.
        Assert.Equal(ImageFolderFixture.Classes, test.Classes);
        Assert.Equal(["Square", "circle", "cross", "triangle"], test.Classes);
        string root = Path.Combine(ImageFolderFixture.Shapes, "test");
        Assert.Equal(ImageFolderFixture.TestFiles, test.Files.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
        Assert.Equal(ImageFolderFixture.Labels, test.Labels);
        Assert.Equal(ImageFolderFixture.TrainCount, ImageFolder.Scan(ImageFolderFixture.Shapes, DatasetSplit.Train).Count);
    }

    [Fact]
    public void SkipsWhatTorchvisionSkips()
    {
        ImageFolderSplit test = ImageFolder.Scan(ImageFolderFixture.Shapes, DatasetSplit.Test);
        Assert.True(File.Exists(Path.Combine(test.Directory, "circle", "skipped.gif")));
        Assert.DoesNotContain(test.Files, f => f.EndsWith(".gif", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal));
        Assert.Contains(test.Files, f => f.EndsWith(".PNG", StringComparison.Ordinal));
    }

    [Fact]
    public void ValStandsInForTestAndTestWinsOverVal()
    {
        using var temp = new TempTree();
        temp.File("train/a/x.png");
        temp.File("val/a/y.png");
        Assert.True(ImageFolder.Has(temp.Root));
        Assert.Equal(Path.Combine(temp.Root, "val"), ImageFolder.SplitDirectory(temp.Root, DatasetSplit.Test));
        temp.File("test/a/z.png");
        Assert.Equal(Path.Combine(temp.Root, "test"), ImageFolder.SplitDirectory(temp.Root, DatasetSplit.Test));
    }

    [Fact]
    public void FolderProblemsFailInOneLine()
    {
        using var temp = new TempTree();
        temp.File("train/a/x.png");
        temp.File("train/b/notes.txt");
        Assert.False(ImageFolder.Has(temp.Root));
        var noTest = Assert.Throws<ImageDataException>(() => ImageFolder.Scan(temp.Root, DatasetSplit.Test));
        Assert.Equal($"{temp.Root} has no test/ or val/ folder of class folders", noTest.Message);
        var empty = Assert.Throws<ImageDataException>(() => ImageFolder.Scan(temp.Root, DatasetSplit.Train));
        Assert.StartsWith($"{Path.Combine(temp.Root, "train")}: no image in the class folder b (extensions read: .jpg .jpeg .png", empty.Message);
        Directory.CreateDirectory(Path.Combine(temp.Root, "test"));
        var none = Assert.Throws<ImageDataException>(() => ImageFolder.Scan(temp.Root, DatasetSplit.Test));
        Assert.StartsWith($"{Path.Combine(temp.Root, "test")} has no class folders", none.Message);
    }

    [Fact]
    public void UndecodableImagesNameTheFile()
    {
        using var temp = new TempTree();
        string path = temp.File("train/a/broken.png");
        var e = Assert.Throws<ImageDataException>(() => ImageDecoder.LoadRgb(path));
        Assert.StartsWith($"{path}: cannot decode the image (", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        // A JPEG signature over junk: neither decoder takes it, and the error is still ours.
        string jpeg = temp.File("train/a/broken.jpg");
        File.WriteAllBytes(jpeg, [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Range(0, 200).Select(i => (byte)(i * 37))]);
        var bad = Assert.Throws<ImageDataException>(() => ImageDecoder.LoadRgb(jpeg));
        Assert.StartsWith($"{jpeg}: cannot decode the image (", bad.Message);
    }

    [Fact]
    public void JpegsDecodeLikePillow()
    {
        // square_01.jpg's first pixels as Pillow 9.4 decodes them (libjpeg-turbo, fancy upsampling): [7,60,76], [9,54,73].
        DecodedImage image = ImageDecoder.LoadRgb(Path.Combine(ImageFolderFixture.Shapes, "test", "Square", "square_01.jpg"));
        Assert.Equal((24, 24), (image.Width, image.Height));
        int[] pillow = [7, 60, 76, 9, 54, 73];
        for (int i = 0; i < pillow.Length; i++) Assert.InRange(image.Pixels[i], pillow[i] - 2, pillow[i] + 2);
    }

    /// <summary>A throwaway folder tree; files hold a few bytes that are not an image.</summary>
    sealed class TempTree : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("quantize-imagefolder-").FullName;

        public string File(string relative)
        {
            string path = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, "not an image");
            return path;
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
