using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class BitReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RoundTrip_RandomWidths(int seed)
    {
        var random = new Random(seed);
        var widths = new int[5000];
        var values = new ulong[widths.Length];
        var writer = new BitWriter(initialCapacityBytes: 4);
        long expectedBits = 0;
        for (int i = 0; i < widths.Length; i++)
        {
            widths[i] = random.Next(0, 65);
            ulong value = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1);
            values[i] = widths[i] == 64 ? value : value & ((1UL << widths[i]) - 1);
            writer.Write(values[i], widths[i]);
            expectedBits += widths[i];
        }

        Assert.Equal(expectedBits, writer.BitLength);
        var reader = new BitReader(writer.ToArray(), writer.BitLength);
        for (int i = 0; i < widths.Length; i++)
        {
            Assert.Equal(values[i], reader.Read(widths[i]));
        }

        Assert.Equal(expectedBits, reader.BitPosition);
        Assert.Equal(0, reader.BitsRemaining);
    }

    [Fact]
    public void ReadBit_ReturnsBitsMostSignificantFirst()
    {
        var reader = new BitReader(new byte[] { 0b1100_1010, 0b0111_0000 });
        var bits = new int[16];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = reader.ReadBit();
        }

        Assert.Equal(new[] { 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0 }, bits);
    }

    [Fact]
    public void Read_MixedWidthsAcrossByteBoundaries()
    {
        var reader = new BitReader(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB });

        Assert.Equal(0xDUL, reader.Read(4));
        Assert.Equal(0xEADBUL, reader.Read(16));
        Assert.Equal(20, reader.BitPosition);
        Assert.Equal(0xEEF_0123_4567_89ABUL, reader.Read(60));
        Assert.Equal(0, reader.BitsRemaining);
    }

    [Fact]
    public void Read_PastTheEnd_ThrowsInvalidData()
    {
        var reader = new BitReader(new byte[] { 0xFF, 0x00 });
        reader.Read(10);

        var error = Assert.Throws<InvalidDataException>(() => reader.Read(7));
        Assert.Contains("end of bit stream", error.Message);

        // A failed read consumes nothing; the 6 bits left are still readable.
        Assert.Equal(10, reader.BitPosition);
        Assert.Equal(0UL, reader.Read(6));
        Assert.Throws<InvalidDataException>(() => reader.ReadBit());
    }

    [Fact]
    public void Read_PastTheEnd_OfWideReads_ThrowsInvalidData()
    {
        var reader = new BitReader(new byte[7]);
        Assert.Throws<InvalidDataException>(() => reader.Read(57));
        Assert.Throws<InvalidDataException>(() => reader.Read(64));
        Assert.Equal(0, reader.BitPosition);
    }

    [Fact]
    public void Read_FromEmptyData_ThrowsInvalidData()
    {
        var reader = new BitReader(Array.Empty<byte>());
        Assert.Equal(0UL, reader.Read(0));
        Assert.Throws<InvalidDataException>(() => reader.ReadBit());
    }

    [Fact]
    public void BitLength_StopsBeforeThePadding()
    {
        var reader = new BitReader(new byte[] { 0b1010_1111 }, bitLength: 4);
        Assert.Equal(0b1010UL, reader.Read(4));
        Assert.Equal(0, reader.BitsRemaining);
        Assert.Throws<InvalidDataException>(() => reader.ReadBit());
    }

    [Fact]
    public void Reader_OverASlice_NeverReadsOutsideIt()
    {
        byte[] backing = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        backing[8] = 0x00;
        backing[9] = 0x00;
        var reader = new BitReader(new ReadOnlyMemory<byte>(backing, 8, 2));

        Assert.Equal(0UL, reader.Read(16));
        Assert.Throws<InvalidDataException>(() => reader.ReadBit());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(17)]
    public void Constructor_RejectsBitLengthOutsideTheData(long bitLength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BitReader(new byte[2], bitLength));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void Read_RejectsBitCountOutsideRange(int bitCount)
    {
        var reader = new BitReader(new byte[16]);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read(bitCount));
    }
}
