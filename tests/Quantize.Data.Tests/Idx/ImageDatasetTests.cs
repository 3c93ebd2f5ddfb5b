using Quantize.Data.Idx;
using Quantize.Tests.Shared;

namespace Quantize.Data.Tests.Idx;

public class ImageDatasetTests
{
    static ImageDataset Shipped => new(RepoPaths.FashionMnist);

    static long PixelSum(ReadOnlySpan<byte> pixels)
    {
        long sum = 0;
        foreach (byte pixel in pixels) sum += pixel;
        return sum;
    }

    [Fact]
    public void Load_ShippedTestSplit_MatchesFactsComputedIndependently()
    {
        LabeledImages test = Shipped.Load(DatasetSplit.Test);

        Assert.Equal(10_000, test.Count);
        Assert.Equal(28, test.Rows);
        Assert.Equal(28, test.Columns);
        Assert.Equal(784, test.PixelsPerImage);
        Assert.Equal(new byte[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, test.Labels[..10]);
        for (int label = 0; label < ImageDataset.ClassCount; label++)
            Assert.Equal(1_000, test.Labels.Count(l => l == label));
        Assert.Equal(33456, PixelSum(test.Pixels.AsSpan(0, 784)));
        Assert.Equal(573469082, PixelSum(test.Pixels));
    }

    [Fact]
    public void Load_ShippedTrainingSlice_MatchesFactsComputedIndependently()
    {
        LabeledImages train = Shipped.Load(DatasetSplit.Train);

        Assert.Equal(5_000, train.Count);
        Assert.Equal(5_000 * 784, train.Pixels.Length);
        Assert.Equal(new byte[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, train.Labels[..10]);
        Assert.Equal(76247, PixelSum(train.Pixels.AsSpan(0, 784)));
        Assert.Equal(286031984, PixelSum(train.Pixels));
    }

    [Fact]
    public void Has_ShippedFolder_HasBothSplits()
    {
        Assert.True(Shipped.Has(DatasetSplit.Train));
        Assert.True(Shipped.Has(DatasetSplit.Test));
    }

    [Fact]
    public void Take_KeepsTheFirstImagesAndLabels()
    {
        LabeledImages test = Shipped.Load(DatasetSplit.Test);

        LabeledImages first = test.Take(3);

        Assert.Equal(3, first.Count);
        Assert.Equal(test.Labels[..3], first.Labels);
        Assert.Equal(test.Pixels[..(3 * 784)], first.Pixels);
        Assert.Equal(10_000, test.Take(50_000).Count);
    }

    [Fact]
    public void Load_RawFiles_GiveTheSameDataAsTheShippedGzipFiles()
    {
        using var folder = new TemporaryFolder();
        foreach (string name in new[] { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
            File.WriteAllBytes(folder.File(name), IdxBytes.Gunzip(Path.Combine(RepoPaths.FashionMnist, name + ".gz")));

        LabeledImages raw = new ImageDataset(folder.Path).Load(DatasetSplit.Test);
        LabeledImages gzip = Shipped.Load(DatasetSplit.Test);

        Assert.Equal(gzip.Labels, raw.Labels);
        Assert.Equal(gzip.Pixels, raw.Pixels);
        Assert.False(new ImageDataset(folder.Path).Has(DatasetSplit.Train));
    }

    /// <summary>Writes a tiny raw test split: blank images of the given IDX shape and the given labels.</summary>
    static ImageDataset TinyTestSplit(TemporaryFolder folder, int[] imageDims, byte[] labels)
    {
        int pixels = imageDims.Aggregate(1, (a, b) => a * b);
        File.WriteAllBytes(folder.File("t10k-images-idx3-ubyte"), IdxBytes.Build(imageDims, new byte[pixels]));
        File.WriteAllBytes(folder.File("t10k-labels-idx1-ubyte"), IdxBytes.Build([labels.Length], labels));
        return new ImageDataset(folder.Path);
    }

    [Fact]
    public void Load_TinyRawSplit_Works()
    {
        using var folder = new TemporaryFolder();
        LabeledImages images = TinyTestSplit(folder, [3, 2, 2], [0, 9, 4]).Load(DatasetSplit.Test);

        Assert.Equal(new byte[] { 0, 9, 4 }, images.Labels);
        Assert.Equal(2, images.Rows);
        Assert.Equal(2, images.Columns);
    }

    [Fact]
    public void Load_LabelOfTenOrMore_ThrowsNamingTheLabelFile()
    {
        using var folder = new TemporaryFolder();
        ImageDataset dataset = TinyTestSplit(folder, [3, 2, 2], [0, 10, 4]);

        var error = Assert.Throws<IdxFormatException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains(folder.File("t10k-labels-idx1-ubyte"), error.Message);
        Assert.Contains("label 10", error.Message);
    }

    [Fact]
    public void Load_ImageAndLabelCountsDiffer_ThrowsNamingBothFiles()
    {
        using var folder = new TemporaryFolder();
        ImageDataset dataset = TinyTestSplit(folder, [3, 2, 2], [0, 1]);

        var error = Assert.Throws<IdxFormatException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains(folder.File("t10k-images-idx3-ubyte"), error.Message);
        Assert.Contains(folder.File("t10k-labels-idx1-ubyte"), error.Message);
    }

    [Fact]
    public void Load_ImagesOfWrongRank_ThrowsNamingTheImageFile()
    {
        using var folder = new TemporaryFolder();
        ImageDataset dataset = TinyTestSplit(folder, [3, 4], [0, 1, 2]);

        var error = Assert.Throws<IdxFormatException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains(folder.File("t10k-images-idx3-ubyte"), error.Message);
        Assert.Contains("rank", error.Message);
    }

    [Fact]
    public void Load_LabelsOfWrongRank_ThrowsNamingTheLabelFile()
    {
        using var folder = new TemporaryFolder();
        ImageDataset dataset = TinyTestSplit(folder, [2, 2, 2], []);
        File.WriteAllBytes(folder.File("t10k-labels-idx1-ubyte"), IdxBytes.Build([2, 1], [0, 1]));

        var error = Assert.Throws<IdxFormatException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains(folder.File("t10k-labels-idx1-ubyte"), error.Message);
    }

    [Fact]
    public void Load_CorruptImageFile_ThrowsNamingIt()
    {
        using var folder = new TemporaryFolder();
        ImageDataset dataset = TinyTestSplit(folder, [3, 2, 2], [0, 1, 2]);
        File.WriteAllBytes(folder.File("t10k-images-idx3-ubyte"), [0, 0, 8, 3, 0]);

        var error = Assert.Throws<IdxFormatException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains(folder.File("t10k-images-idx3-ubyte"), error.Message);
    }

    [Fact]
    public void Load_MissingLabels_ThrowsFileNotFoundNamingTheExpectedFile()
    {
        using var folder = new TemporaryFolder();
        ImageDataset dataset = TinyTestSplit(folder, [3, 2, 2], [0, 1, 2]);
        File.Delete(folder.File("t10k-labels-idx1-ubyte"));

        var error = Assert.Throws<FileNotFoundException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains("t10k-labels-idx1-ubyte", error.Message);
        Assert.Contains(folder.Path, error.Message);
        Assert.False(dataset.Has(DatasetSplit.Test));
    }

    [Fact]
    public void Load_MissingTrainingSplit_ThrowsFileNotFound()
    {
        using var folder = new TemporaryFolder();
        ImageDataset dataset = TinyTestSplit(folder, [3, 2, 2], [0, 1, 2]);

        var error = Assert.Throws<FileNotFoundException>(() => dataset.Load(DatasetSplit.Train));

        Assert.Contains("train-images-idx3-ubyte", error.Message);
    }

    [Fact]
    public void Load_GzipFileIsPreferredOverRawFileOfTheSameName()
    {
        using var folder = new TemporaryFolder();
        TinyTestSplit(folder, [3, 2, 2], [0, 1, 2]);
        File.WriteAllBytes(folder.File("t10k-labels-idx1-ubyte.gz"), IdxBytes.Gzip(IdxBytes.Build([3], [7, 8, 9])));

        LabeledImages images = new ImageDataset(folder.Path).Load(DatasetSplit.Test);

        Assert.Equal(new byte[] { 7, 8, 9 }, images.Labels);
    }

    [Fact]
    public void Resolve_ExplicitMissingFolder_ThrowsDirectoryNotFound()
    {
        using var folder = new TemporaryFolder();
        string missing = folder.File("no-such-folder");

        var error = Assert.Throws<DirectoryNotFoundException>(() => ImageDataset.Resolve(missing, modelPath: null, DatasetSplit.Test));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Resolve_ExplicitFolder_IsUsedAsGiven()
    {
        ImageDataset dataset = ImageDataset.Resolve(RepoPaths.FashionMnist, modelPath: null, DatasetSplit.Train);

        Assert.Equal(RepoPaths.FashionMnist, dataset.Directory);
    }

    [Fact]
    public void Resolve_NoFolderNamed_FindsASplitThatExists()
    {
        // The Debian package or QUANTIZE_DATA may win on some machines; either way the result has the data.
        string modelBesideSamples = Path.Combine(RepoPaths.Root, "samples", "model.onnx");

        ImageDataset dataset = ImageDataset.Resolve(requested: null, modelBesideSamples, DatasetSplit.Test);

        Assert.True(dataset.Has(DatasetSplit.Test));
    }
}
