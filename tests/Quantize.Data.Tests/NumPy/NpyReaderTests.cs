using System.Text;
using Quantize.Data.NumPy;

namespace Quantize.Data.Tests.NumPy;

public class NpyReaderTests
{
    [Theory]
    [InlineData("le_f4.npy", NpyElementType.Float32)]
    [InlineData("be_f4.npy", NpyElementType.Float32)]
    [InlineData("le_f2.npy", NpyElementType.Float16)]
    [InlineData("be_f2.npy", NpyElementType.Float16)]
    [InlineData("le_f8.npy", NpyElementType.Float64)]
    [InlineData("be_f8.npy", NpyElementType.Float64)]
    [InlineData("fortran_f4.npy", NpyElementType.Float32)]
    [InlineData("version2.npy", NpyElementType.Float32)]
    [InlineData("version3.npy", NpyElementType.Float32)]
    public void ReadsFloatArraysNumPyWroteInEveryByteOrderOrderAndVersion(string file, NpyElementType type)
    {
        NpyArray array = NpyReader.Read(NpyFixtures.File(file));
        Assert.Equal(type, array.ElementType);
        Assert.Equal(new long[] { 2, 3, 4 }, array.Shape);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), array.Name);
        Assert.Equal(NpyFixtures.Floats.Select(v => (float)v), array.ToSingles());
    }

    [Theory]
    [InlineData("le_i8.npy", NpyElementType.Int64)]
    [InlineData("be_i8.npy", NpyElementType.Int64)]
    [InlineData("le_i4.npy", NpyElementType.Int32)]
    [InlineData("be_i4.npy", NpyElementType.Int32)]
    public void ReadsIntegerArrays(string file, NpyElementType type)
    {
        NpyArray array = NpyReader.Read(NpyFixtures.File(file));
        Assert.Equal(type, array.ElementType);
        Assert.Equal(NpyFixtures.Ints, array.ToInt64s());
    }

    [Fact]
    public void ReadsBytesAndBooleans()
    {
        Assert.Equal(NpyFixtures.Bytes, NpyReader.Read(NpyFixtures.File("u1.npy")).ToInt64s());
        NpyArray flags = NpyReader.Read(NpyFixtures.File("b1.npy"));
        Assert.Equal(NpyElementType.Bool, flags.ElementType);
        Assert.Equal(NpyFixtures.Bools, flags.ToInt64s());
    }

    [Fact]
    public void FortranOrderComesBackInCOrder()
    {
        // make.py stored arange-based values reshaped to (4, 6) in Fortran order; C order is the formula's order.
        NpyArray array = NpyReader.Read(NpyFixtures.File("fortran_be_i8.npy"));
        Assert.Equal(new long[] { 4, 6 }, array.Shape);
        Assert.Equal(NpyFixtures.Ints, array.ToInt64s());
    }

    [Fact]
    public void ScalarAndEmptyArrays()
    {
        NpyArray scalar = NpyReader.Read(NpyFixtures.File("scalar.npy"));
        Assert.Empty(scalar.Shape);
        Assert.Equal([2.5f], scalar.ToSingles());
        NpyArray empty = NpyReader.Read(NpyFixtures.File("empty.npy"));
        Assert.Equal(new long[] { 0, 3 }, empty.Shape);
        Assert.Empty(empty.Data);
    }

    [Fact]
    public void FloatArraysAreNotReadAsIntegers() =>
        Assert.Throws<InvalidOperationException>(() => NpyReader.Read(NpyFixtures.File("le_f4.npy")).ToInt64s());

    [Fact]
    public void TruncatedDataNamesFileArrayAndSizes()
    {
        byte[] bytes = NpyFixtures.Bytes_("le_f4.npy");
        NpyFormatException e = Read(bytes[..^5]);
        Assert.Equal("x.npy: array 'x' is truncated: its shape (2,3,4) needs 96 bytes of data, the file holds 91", e.Message);
    }

    [Fact]
    public void TruncatedDataIsFoundWithoutAKnownLength()
    {
        byte[] bytes = NpyFixtures.Bytes_("le_f4.npy");
        var e = Assert.Throws<NpyFormatException>(() => NpyReader.Read(new NonSeekable(bytes[..^5]), "x", "x.npy"));
        Assert.Equal("x.npy: array 'x' is truncated: its shape needs 96 bytes of data, the file holds 91", e.Message);
    }

    [Fact]
    public void AHugeShapeFailsBeforeAllocating()
    {
        NpyFormatException e = Read(WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (10000, 10000), }", dataBytes: 16));
        Assert.StartsWith("x.npy: array 'x' is truncated: its shape (10000,10000) needs 400000000 bytes", e.Message);
        Assert.Contains("too large", Read(WithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 0)).Message);
    }

    [Fact]
    public void AShapeTooLargeForAnyStreamFailsWithoutALength()
    {
        byte[] bytes = WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (10000, 10000), }", dataBytes: 16);
        var e = Assert.Throws<NpyFormatException>(() => NpyReader.Read(new NonSeekable(bytes), "x", "x.npy"));
        Assert.Contains("needs 400000000 bytes of data, the file holds 16", e.Message);
    }

    [Theory]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", "has dtype '<c8', which is not supported")]
    [InlineData("{'descr': '|f4', 'fortran_order': False, 'shape': (2,), }", "has dtype '|f4', which is not supported")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "has a structured dtype")]
    [InlineData("{'descr': '<f4', 'shape': (2,), }", "header has no 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", "non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", "cannot read")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ", "expected '}'")]
    public void MalformedHeadersFailInOneLine(string header, string expected)
    {
        NpyFormatException e = Read(WithHeader(header, 8));
        Assert.StartsWith("x.npy: array 'x' ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void BadMagicVersionAndTrailingBytes()
    {
        byte[] bytes = NpyFixtures.Bytes_("le_f4.npy");
        byte[] magic = (byte[])bytes.Clone();
        magic[1] = (byte)'X';
        Assert.Contains("is not a NumPy .npy array", Read(magic).Message);
        byte[] version = (byte[])bytes.Clone();
        version[6] = 4;
        Assert.Contains("format version 4.0, which is not supported", Read(version).Message);
        Assert.Contains("has bytes after its 96 bytes of data", Read([.. bytes, 0]).Message);
        Assert.Contains("truncated (in its header)", Read(bytes[..20]).Message);
    }

    static NpyFormatException Read(byte[] bytes) =>
        Assert.Throws<NpyFormatException>(() => NpyReader.Read(new MemoryStream(bytes), "x", "x.npy", bytes.Length));

    static byte[] WithHeader(string header, int dataBytes)
    {
        byte[] text = Encoding.ASCII.GetBytes(header + "\n");
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)text.Length, (byte)(text.Length >> 8) };
        bytes.AddRange(text);
        bytes.AddRange(new byte[dataBytes]);
        return bytes.ToArray();
    }

    /// <summary>A stream whose length is unknown, like a deflated zip entry.</summary>
    sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
