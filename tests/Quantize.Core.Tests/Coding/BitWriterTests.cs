using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class BitWriterTests
{
    [Fact]
    public void Write_PacksBitsMostSignificantFirst()
    {
        var writer = new BitWriter();
        writer.Write(0b1, 1);
        writer.Write(0b0110, 4);
        writer.Write(0b111, 3);
        writer.Write(0xABC, 12);

        // 1 0110 111 | 1010 1011 | 1100 (+ 4 zero bits of padding)
        Assert.Equal(20, writer.BitLength);
        Assert.Equal(new byte[] { 0b1011_0111, 0xAB, 0xC0 }, writer.ToArray());
    }

    [Fact]
    public void ToArray_PadsTheLastByteWithZeros()
    {
        var writer = new BitWriter();
        writer.Write(0b101, 3);

        Assert.Equal(3, writer.BitLength);
        Assert.Equal(new byte[] { 0b1010_0000 }, writer.ToArray());
    }

    [Fact]
    public void Write_ZeroBits_WritesNothing()
    {
        var writer = new BitWriter();
        writer.Write(0, 0);

        Assert.Equal(0, writer.BitLength);
        Assert.Empty(writer.ToArray());
    }

    [Fact]
    public void Write_SixtyFourBitsAfterAnOddOffset()
    {
        var writer = new BitWriter();
        writer.Write(1, 1);
        writer.Write(0x0123_4567_89AB_CDEFUL, 64);

        // One 1 bit, then the 64 bits: every byte of the value shifted right by one.
        Assert.Equal(65, writer.BitLength);
        Assert.Equal(
            new byte[] { 0x80, 0x91, 0xA2, 0xB3, 0xC4, 0xD5, 0xE6, 0xF7, 0x80 },
            writer.ToArray());
    }

    [Fact]
    public void Write_GrowsPastTheInitialCapacity()
    {
        var writer = new BitWriter(initialCapacityBytes: 1);
        for (int i = 0; i < 1000; i++)
        {
            writer.Write((ulong)(i & 0xFF), 8);
        }

        byte[] bytes = writer.ToArray();
        Assert.Equal(1000, bytes.Length);
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Equal((byte)i, bytes[i]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void Write_RejectsBitCountOutsideRange(int bitCount)
    {
        var writer = new BitWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write(0, bitCount));
    }

    [Fact]
    public void Write_RejectsValueWiderThanBitCount()
    {
        var writer = new BitWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write(0b100, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Write(1, 0));
    }
}
