using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class FixedLengthCodeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(256, 8)]
    [InlineData(257, 9)]
    [InlineData(int.MaxValue, 31)]
    public void BitsPerSymbol_IsCeilingOfLog2(int k, int expected)
    {
        Assert.Equal(expected, FixedLengthCode.BitsPerSymbol(k));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(1000)]
    public void EncodeThenDecode_RestoresTheSymbols(int k)
    {
        var random = new Random(k);
        int[] symbols = Enumerable.Range(0, 5000).Select(_ => random.Next(k)).ToArray();
        var writer = new BitWriter();
        FixedLengthCode.Encode(k, symbols, writer);

        Assert.Equal((long)symbols.Length * FixedLengthCode.BitsPerSymbol(k), writer.BitLength);
        var decoded = new int[symbols.Length];
        FixedLengthCode.Decode(k, new BitReader(writer.ToArray(), writer.BitLength), decoded);
        Assert.Equal(symbols, decoded);
    }

    [Fact]
    public void SingleCluster_TakesOneBitPerSymbol()
    {
        var writer = new BitWriter();
        FixedLengthCode.Encode(1, new[] { 0, 0, 0 }, writer);
        Assert.Equal(3, writer.BitLength);

        var decoded = new[] { 7, 7, 7 };
        FixedLengthCode.Decode(1, new BitReader(writer.ToArray(), writer.BitLength), decoded);
        Assert.Equal(new[] { 0, 0, 0 }, decoded);
    }

    [Fact]
    public void Decode_ValueOfKOrMore_ThrowsInvalidData()
    {
        // k = 5 uses 3 bits; 101 = 5 is no symbol.
        var reader = new BitReader(new byte[] { 0b100_101_00 });
        Assert.Throws<InvalidDataException>(() => FixedLengthCode.Decode(5, reader, new int[2]));
    }

    [Fact]
    public void Decode_Truncated_ThrowsInvalidData()
    {
        var reader = new BitReader(new byte[] { 0 }, bitLength: 5);
        Assert.Throws<InvalidDataException>(() => FixedLengthCode.Decode(4, reader, new int[3]));
    }

    [Fact]
    public void Encode_RejectsSymbolsOutsideTheAlphabet()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedLengthCode.Encode(4, new[] { 4 }, new BitWriter()));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedLengthCode.Encode(4, new[] { -1 }, new BitWriter()));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedLengthCode.BitsPerSymbol(0));
    }
}
