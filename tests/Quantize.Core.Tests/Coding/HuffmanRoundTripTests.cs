using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class HuffmanRoundTripTests
{
    public static TheoryData<string> Sources => new() { "skewed", "uniform", "single", "random", "deep", "limited" };

    [Theory]
    [MemberData(nameof(Sources))]
    public void EncodeThenDecode_RestoresTheSymbols(string source)
    {
        var random = new Random(source.Sum(c => c)); // string hashes are randomised per process
        (int[] symbols, int symbolCount, int maxLength) = MakeSource(source, random);
        long[] counts = CodingTestData.Histogram(symbols, symbolCount);
        var code = CanonicalHuffmanCode.FromFrequencies(counts, maxLength);

        var writer = new BitWriter();
        HuffmanEncoder.Encode(code, symbols, writer);
        Assert.Equal(HuffmanEncoder.EncodedBitLength(code, counts), writer.BitLength);

        var reader = new BitReader(writer.ToArray(), writer.BitLength);
        var decoded = new int[symbols.Length];
        HuffmanDecoder.Decode(code, reader, decoded);

        Assert.Equal(symbols, decoded);
        Assert.Equal(0, reader.BitsRemaining);
    }

    [Fact]
    public void SingleSymbolSource_TakesOneBitPerSymbol()
    {
        var code = CanonicalHuffmanCode.FromFrequencies(new long[] { 0, 9 });
        var writer = new BitWriter();
        HuffmanEncoder.Encode(code, new[] { 1, 1, 1 }, writer);

        Assert.Equal(3, writer.BitLength);
        Assert.Equal(new byte[] { 0 }, writer.ToArray());
    }

    [Fact]
    public void Decode_HandWrittenBits()
    {
        // Lengths {2, 1, 3, 3}: symbol 1 = 0, 0 = 10, 2 = 110, 3 = 111.
        var code = CanonicalHuffmanCode.FromLengths(new[] { 2, 1, 3, 3 });
        var reader = new BitReader(new byte[] { 0b0_10_110_11, 0b1_0000000 }, bitLength: 9);
        var decoded = new int[4];
        HuffmanDecoder.Decode(code, reader, decoded);

        Assert.Equal(new[] { 1, 0, 2, 3 }, decoded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_TruncatedStream_ThrowsInvalidData(bool longCodes)
    {
        var random = new Random(17);
        long[] frequencies = longCodes ? CodingTestData.Fibonacci(30) : CodingTestData.RandomFrequencies(random, 20);
        var code = CanonicalHuffmanCode.FromFrequencies(frequencies);

        // With Fibonacci weights symbol 0 has a 29-bit codeword, so cuts land inside long codewords.
        int[] symbols = longCodes
            ? Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? 0 : 29).ToArray()
            : CodingTestData.Sample(random, frequencies, 200);

        var writer = new BitWriter();
        HuffmanEncoder.Encode(code, symbols, writer);
        byte[] bytes = writer.ToArray();

        foreach (long cut in new[] { 1L, 7L, writer.BitLength / 2 })
        {
            var reader = new BitReader(bytes, writer.BitLength - cut);
            Assert.Throws<InvalidDataException>(() => HuffmanDecoder.Decode(code, reader, new int[symbols.Length]));
        }

        var shortReader = new BitReader(bytes.AsMemory(0, bytes.Length - 1));
        Assert.Throws<InvalidDataException>(() => HuffmanDecoder.Decode(code, shortReader, new int[symbols.Length]));
    }

    [Fact]
    public void Decode_BitsThatAreNoCodeword_ThrowInvalidData()
    {
        // Incomplete code {00, 01, 10}: 11 is no codeword.
        var code = CanonicalHuffmanCode.FromLengths(new[] { 2, 2, 2 });
        var reader = new BitReader(new byte[] { 0b00_01_10_11 });
        var decoded = new int[4];

        var error = Assert.Throws<InvalidDataException>(() => HuffmanDecoder.Decode(code, reader, decoded));
        Assert.Contains("bit 6", error.Message);
        Assert.Equal(new[] { 0, 1, 2, 0 }, decoded);
    }

    [Fact]
    public void Decode_BitsThatAreNoCodeword_BeyondThePrimaryTable_ThrowInvalidData()
    {
        // Canonical codes 0, 10, 110, ... down to a 14-bit codeword, leaving fourteen 1 bits unassigned.
        int[] lengths = Enumerable.Range(1, 14).ToArray();
        var code = CanonicalHuffmanCode.FromLengths(lengths);
        var reader = new BitReader(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF });

        Assert.Throws<InvalidDataException>(() => HuffmanDecoder.Decode(code, reader, new int[1]));
    }

    [Fact]
    public void Decode_RandomBytes_EitherDecodesOrThrowsInvalidData()
    {
        // Untrusted input: garbage may decode or fail, but only ever with InvalidDataException.
        var random = new Random(29);
        for (int trial = 0; trial < 500; trial++)
        {
            long[] frequencies = CodingTestData.RandomFrequencies(random, random.Next(2, 200), maxFrequency: 1 << 20);
            int[] lengths = HuffmanCodeLengths.Compute(frequencies.Append(1).ToArray(), random.Next(9, 33));
            lengths[Array.FindIndex(lengths, l => l > 0)] = 0; // usually leaves the code incomplete
            if (lengths.Count(l => l > 0) < 2)
            {
                continue;
            }

            var code = CanonicalHuffmanCode.FromLengths(lengths);
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            var reader = new BitReader(bytes, random.NextInt64(bytes.Length * 8L + 1));
            var decoded = new int[random.Next(0, 100)];

            try
            {
                HuffmanDecoder.Decode(code, reader, decoded);
                Assert.All(decoded, s => Assert.True(lengths[s] > 0));
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Fact]
    public void Decode_SingleSymbolCode_RejectsTheOneBit()
    {
        var code = CanonicalHuffmanCode.FromLengths(new[] { 1 });
        var reader = new BitReader(new byte[] { 0b0100_0000 });
        Assert.Throws<InvalidDataException>(() => HuffmanDecoder.Decode(code, reader, new int[2]));
    }

    [Fact]
    public void Decode_WithAnEmptyCode_OnlyDecodesNothing()
    {
        var code = CanonicalHuffmanCode.FromLengths(new[] { 0, 0 });
        HuffmanDecoder.Decode(code, new BitReader(new byte[1]), Span<int>.Empty);
        Assert.Throws<InvalidDataException>(() => HuffmanDecoder.Decode(code, new BitReader(new byte[1]), new int[1]));
    }

    [Fact]
    public void Encode_RejectsSymbolsWithoutCodeword()
    {
        var code = CanonicalHuffmanCode.FromLengths(new[] { 1, 0, 1 });
        var writer = new BitWriter();

        Assert.Throws<ArgumentException>(() => HuffmanEncoder.Encode(code, new[] { 0, 1 }, writer));
        Assert.Throws<ArgumentOutOfRangeException>(() => HuffmanEncoder.Encode(code, new[] { 3 }, writer));
        Assert.Throws<ArgumentOutOfRangeException>(() => HuffmanEncoder.Encode(code, new[] { -1 }, writer));
    }

    [Fact]
    public void EncodedBitLength_IsSumOfFrequencyTimesLength()
    {
        var code = CanonicalHuffmanCode.FromLengths(new[] { 1, 2, 2, 0 });
        Assert.Equal(5 * 1 + 3 * 2 + 2 * 2, HuffmanEncoder.EncodedBitLength(code, new long[] { 5, 3, 2, 0 }));
        Assert.Throws<ArgumentException>(() => HuffmanEncoder.EncodedBitLength(code, new long[] { 5, 3, 2, 1 }));
        Assert.Throws<ArgumentException>(() => HuffmanEncoder.EncodedBitLength(code, new long[] { 5, 3, 2 }));
    }

    private static (int[] Symbols, int SymbolCount, int MaxLength) MakeSource(string source, Random random)
    {
        const int count = 20_000;
        switch (source)
        {
            case "skewed":
                // Geometric: symbol s has probability about 2^-(s+1).
                return (Enumerable.Range(0, count).Select(_ => Math.Min(BitCount(random), 15)).ToArray(), 16, 32);
            case "uniform":
                return (Enumerable.Range(0, count).Select(_ => random.Next(37)).ToArray(), 37, 32);
            case "single":
                return (Enumerable.Repeat(4, count).ToArray(), 9, 32);
            case "random":
                long[] frequencies = CodingTestData.RandomFrequencies(random, 300);
                return (CodingTestData.Sample(random, frequencies, count), 300, 32);
            case "deep":
                // Fibonacci weights give codewords up to 24 bits: exercises the lookup beyond the primary table.
                long[] fibonacci = CodingTestData.Fibonacci(25);
                int[] deep = CodingTestData.Sample(random, fibonacci, count);
                return (deep.Concat(Enumerable.Range(0, 25)).ToArray(), 25, 32);
            default:
                long[] steep = CodingTestData.Fibonacci(25);
                int[] limited = CodingTestData.Sample(random, steep, count);
                return (limited.Concat(Enumerable.Range(0, 25)).ToArray(), 25, 13);
        }
    }

    private static int BitCount(Random random)
    {
        int s = 0;
        while (random.Next(2) == 1)
        {
            s++;
        }

        return s;
    }
}
