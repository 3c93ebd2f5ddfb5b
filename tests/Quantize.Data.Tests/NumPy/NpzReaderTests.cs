using System.IO.Compression;
using Quantize.Data.NumPy;

namespace Quantize.Data.Tests.NumPy;

public class NpzReaderTests
{
    [Theory]
    [InlineData("tokens_stored.npz")]
    [InlineData("tokens_deflated.npz")]
    public void ReadsSavezAndSavezCompressed(string file)
    {
        IReadOnlyList<NpyArray> arrays = NpzReader.Read(NpyFixtures.File(file));
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids", "labels"], arrays.Select(a => a.Name));
        NpyArray ids = arrays[0];
        Assert.Equal(NpyElementType.Int64, ids.ElementType);
        Assert.Equal(new long[] { 5, 8 }, ids.Shape);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i * 7L % 100), ids.ToInt64s());
        int[] lengths = [8, 6, 5, 8, 3];
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i % 8 < lengths[i / 8] ? 1L : 0L), arrays[1].ToInt64s());
        Assert.Equal([0L, 1, 1, 0, 1], arrays[3].ToInt64s());
    }

    [Fact]
    public void PositionalArraysAreNamedArrN()
    {
        IReadOnlyList<NpyArray> arrays = NpzReader.Read(NpyFixtures.File("positional.npz"));
        Assert.Equal(["arr_0", "arr_1"], arrays.Select(a => a.Name));
        Assert.Equal(NpyFixtures.Floats.Select(v => (float)v), arrays[0].ToSingles());
        Assert.Equal(NpyFixtures.Ints, arrays[1].ToInt64s());
    }

    [Fact]
    public void NotAZipFailsInOneLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"quantize-npz-{Guid.NewGuid():N}.npz");
        File.Copy(NpyFixtures.File("le_f4.npy"), path);
        try
        {
            var e = Assert.Throws<NpyFormatException>(() => NpzReader.Read(path));
            Assert.StartsWith($"{path} is not an .npz archive", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DamagedDeflatedEntryNamesTheArray()
    {
        byte[] bytes = File.ReadAllBytes(NpyFixtures.File("tokens_deflated.npz"));
        // Flip bytes inside the first entry's compressed data (after its 30-byte local header and name).
        int start = 30 + "input_ids.npy".Length + 40;
        for (int i = start; i < start + 40; i++) bytes[i] ^= 0x5a;
        string path = Path.Combine(Path.GetTempPath(), $"quantize-npz-{Guid.NewGuid():N}.npz");
        File.WriteAllBytes(path, bytes);
        try
        {
            var e = Assert.ThrowsAny<Exception>(() => NpzReader.Read(path));
            Assert.IsType<NpyFormatException>(e);
            Assert.Contains("array 'input_ids'", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnEntryThatLiesAboutItsShapeIsTruncation()
    {
        string path = Path.Combine(Path.GetTempPath(), $"quantize-npz-{Guid.NewGuid():N}.npz");
        byte[] npy = File.ReadAllBytes(NpyFixtures.File("le_f4.npy"));
        using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (Stream entry = zip.CreateEntry("x.npy").Open())
            entry.Write(npy, 0, npy.Length - 8);
        try
        {
            var e = Assert.Throws<NpyFormatException>(() => NpzReader.Read(path));
            Assert.Equal($"{path}: array 'x' is truncated: its shape (2,3,4) needs 96 bytes of data, the file holds 88", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
