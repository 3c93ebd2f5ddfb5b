using Quantize.Data.Idx;
using Quantize.Tests.Shared;

namespace Quantize.Data.Tests.Idx;

public class IdxReaderTests
{
    static string Shipped(string name) => Path.Combine(RepoPaths.FashionMnist, name);

    [Fact]
    public void Read_ShippedTestLabels_HaveTheKnownHeaderAndFirstLabels()
    {
        IdxArray labels = IdxReader.Read(Shipped("t10k-labels-idx1-ubyte.gz"));

        Assert.Equal([10_000], labels.Dims);
        Assert.Equal(10_000, labels.Count);
        Assert.Equal(new byte[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, labels.Data[..10]);
    }

    [Fact]
    public void Read_ShippedTestImages_HaveTheKnownShapeAndPixelSums()
    {
        IdxArray images = IdxReader.Read(Shipped("t10k-images-idx3-ubyte.gz"));

        Assert.Equal([10_000, 28, 28], images.Dims);
        Assert.Equal(10_000 * 28 * 28, images.Data.Length);
        Assert.Equal(33456, images.Data.AsSpan(0, 784).ToArray().Sum(p => (long)p));
        Assert.Equal(573469082, images.Data.Sum(p => (long)p));
    }

    [Fact]
    public void Read_RawFile_GivesTheSameArrayAsTheGzipFile()
    {
        using var folder = new TemporaryFolder();
        foreach (string name in new[] { "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte" })
        {
            string raw = folder.File(name);
            File.WriteAllBytes(raw, IdxBytes.Gunzip(Shipped(name + ".gz")));

            IdxArray fromGzip = IdxReader.Read(Shipped(name + ".gz"));
            IdxArray fromRaw = IdxReader.Read(raw);

            Assert.Equal(fromGzip.Dims, fromRaw.Dims);
            Assert.Equal(fromGzip.Data, fromRaw.Data);
        }
    }

    [Fact]
    public void Read_SmallRawFile_GivesDimsAndDataInRowMajorOrder()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("small-idx3-ubyte");
        File.WriteAllBytes(path, IdxBytes.Build([2, 1, 3], [1, 2, 3, 4, 5, 255]));

        IdxArray array = IdxReader.Read(path);

        Assert.Equal([2, 1, 3], array.Dims);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 255 }, array.Data);
    }

    [Fact]
    public void Read_ZeroItems_IsAnEmptyArray()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("empty-idx1-ubyte");
        File.WriteAllBytes(path, IdxBytes.Build([0], []));

        IdxArray array = IdxReader.Read(path);

        Assert.Equal(0, array.Count);
        Assert.Empty(array.Data);
    }

    public static TheoryData<string, byte[], string> MalformedFiles => new()
    {
        { "empty file", [], "truncated" },
        { "truncated header", [0, 0, 8], "truncated" },
        { "truncated dimensions", [0, 0, 8, 3, 0, 0, 0, 2, 0, 0], "truncated" },
        { "truncated data", IdxBytes.Build([3], [1, 2]), "truncated" },
        { "bad magic", IdxBytes.Build([1, 0, 8, 1], [2], [1, 2]), "magic" },
        { "bad magic, second byte", IdxBytes.Build([0, 7, 8, 1], [2], [1, 2]), "magic" },
        { "float data", IdxBytes.Build([2], [0, 0, 0, 0, 0, 0, 0, 0], type: 0x0D), "0x0d" },
        { "signed bytes", IdxBytes.Build([2], [1, 2], type: 0x09), "0x09" },
        { "trailing bytes", IdxBytes.Build([2], [1, 2, 3]), "after the declared data" },
        { "rank 0", [0, 0, 8, 0], "rank 0" },
        { "negative dimension", IdxBytes.Build([-1], []), "negative" },
        // 2^16 x 2^16 elements must be refused from the header alone, before a 4 GiB allocation.
        { "too many elements", IdxBytes.Build([65536, 65536], []), "more than" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Read_MalformedRawFile_ThrowsIdxFormatExceptionNamingTheFile(string caseName, byte[] contents, string problem)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File(caseName.Replace(' ', '-').Replace(",", "") + "-idx1-ubyte");
        File.WriteAllBytes(path, contents);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Read_MalformedGzipFile_ThrowsIdxFormatExceptionNamingTheFile(string caseName, byte[] contents, string problem)
    {
        using var folder = new TemporaryFolder();
        string path = folder.File(caseName.Replace(' ', '-').Replace(",", "") + "-idx1-ubyte.gz");
        File.WriteAllBytes(path, IdxBytes.Gzip(contents));

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Read_GzipCutAnywhereInItsCompressedData_ThrowsIdxFormatException()
    {
        using var folder = new TemporaryFolder();
        byte[] shipped = File.ReadAllBytes(Shipped("t10k-labels-idx1-ubyte.gz"));
        string path = folder.File("t10k-labels-idx1-ubyte.gz");
        // The last 8 bytes are the gzip trailer (CRC-32, length), which .NET's GZipStream does not
        // insist on; every cut before the trailer loses data and must be reported.
        for (int length = 0; length < shipped.Length - 9; length += 7)
        {
            File.WriteAllBytes(path, shipped[..length]);

            var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

            Assert.Contains(path, error.Message);
        }
    }

    [Fact]
    public void Read_GarbageAfterGzipMagic_ThrowsIdxFormatException()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("garbage-idx1-ubyte.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x13, 0x37]);

        var error = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("absent-idx1-ubyte.gz");

        var error = Assert.Throws<FileNotFoundException>(() => IdxReader.Read(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message);
    }
}
