using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class GapCoderTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(8, 3)]
    public void BitCounts_EqualBruteForceSumsOfCodeLengths(int gapBits, int seed)
    {
        var random = new Random(seed);
        // Skewed like real gaps: small ones common, the largest (filler) gap present too.
        int[] gaps = Enumerable.Range(0, 5_000)
            .Select(_ => Math.Min((int)(-Math.Log(1 - random.NextDouble()) * 3), (1 << gapBits) - 1))
            .ToArray();

        CodedGaps stream = GapCoder.Encode(gaps, gapBits);

        int[] lengths = stream.CodeLengths.ToArray();
        Assert.Equal(1 << gapBits, lengths.Length);
        long indexBits = 0;
        foreach (int gap in gaps)
        {
            indexBits += lengths[gap];
        }

        Assert.Equal(indexBits, stream.IndexBits);
        Assert.Equal(lengths.Sum(), stream.TableBits);
        Assert.Equal((indexBits + 7) / 8, stream.Bytes.Length);
        Assert.Equal(gaps, GapCoder.Decode(
            stream.Bytes.ToArray(), stream.IndexBits, lengths, stream.GapCount, gapBits));
    }

    [Fact]
    public void AllZeroGaps_TakeOneBitEach()
    {
        // A dense tensor has one gap symbol, whose canonical code is the 1-bit codeword 0.
        CodedGaps stream = GapCoder.Encode(new int[20], gapBits: 5);

        Assert.Equal(20, stream.IndexBits);
        Assert.Equal(1, stream.TableBits);
        Assert.Equal(new byte[3], stream.Bytes.ToArray());
    }

    [Fact]
    public void NoGaps_TakeNoBits()
    {
        CodedGaps stream = GapCoder.Encode(ReadOnlySpan<int>.Empty, gapBits: 5);

        Assert.Equal(0, stream.IndexBits);
        Assert.Equal(0, stream.TableBits);
        Assert.True(stream.Bytes.IsEmpty);
        Assert.Empty(GapCoder.Decode(Array.Empty<byte>(), 0, stream.CodeLengths, 0, 5));
    }

    [Fact]
    public void Encode_GapOutsideAlphabet_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GapCoder.Encode(new[] { 0, 4 }, gapBits: 2));
    }

    [Fact]
    public void Decode_TruncatedStream_Throws()
    {
        (byte[] bytes, long bits, int[] lengths, int count) = SampleStream();

        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bits - 1, lengths, count, 3));
        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes[..^1], bits - 8, lengths, count, 3));
    }

    [Fact]
    public void Decode_TrailingBits_Throws()
    {
        (byte[] bytes, long bits, int[] lengths, int count) = SampleStream();

        var error = Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bits, lengths, count - 1, 3));
        Assert.Contains("unused bits", error.Message);
    }

    [Fact]
    public void Decode_ImpossibleHeader_Throws()
    {
        (byte[] bytes, long bits, int[] lengths, int count) = SampleStream();

        // More bits than the bytes hold; more gaps than bits; a negative count.
        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bytes.Length * 8 + 1, lengths, count, 3));
        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bits, lengths, (int)bits + 1, 3));
        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bits, lengths, -1, 3));
        // Code lengths for the wrong width, a bad width, lengths that are no prefix code, and a code with no symbols.
        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bits, lengths, count, 2));
        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bits, lengths, count, 17));
        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bits, new int[8] { 1, 1, 1, 0, 0, 0, 0, 0 }, count, 3));
        Assert.Throws<InvalidDataException>(() => GapCoder.Decode(bytes, bits, new int[8], count, 3));
    }

    private static (byte[] Bytes, long Bits, int[] Lengths, int Count) SampleStream()
    {
        int[] gaps = { 0, 0, 1, 7, 0, 2, 0, 1, 0, 0, 3, 0 };
        CodedGaps stream = GapCoder.Encode(gaps, gapBits: 3);
        return (stream.Bytes.ToArray(), stream.IndexBits, stream.CodeLengths.ToArray(), stream.GapCount);
    }
}
