using System.Buffers.Binary;
using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class RansRoundTripTests
{
    public static TheoryData<string> Sources => new()
    {
        "skewed", "uniform", "single", "binary-0.999", "random", "large-alphabet", "fibonacci", "laplacian", "empty", "one", "three",
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void EncodeThenDecode_RestoresTheSymbols(string source)
    {
        (int[] symbols, int symbolCount) = MakeSource(source);
        long[] counts = CodingTestData.Histogram(symbols, symbolCount);
        var table = AnsFrequencyTable.FromCounts(counts);

        byte[] payload = RansEncoder.Encode(table, symbols);
        var decoded = new int[symbols.Length];
        RansDecoder.Decode(table, payload, decoded);

        Assert.Equal(symbols, decoded);
        Assert.Equal(symbols, RansReferenceDecoder.TryDecode(table, payload, symbols.Length));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(20)]
    public void EncodeThenDecode_AtEveryPrecision(int precision)
    {
        var random = new Random(precision);
        int symbolCount = 1 << Math.Min(precision, 6);
        int[] symbols = AnsTestSources.Geometric(random, 30_001, symbolCount);
        var table = AnsFrequencyTable.FromCounts(CodingTestData.Histogram(symbols, symbolCount), precision);

        byte[] payload = RansEncoder.Encode(table, symbols);
        var decoded = new int[symbols.Length];
        RansDecoder.Decode(table, payload, decoded);

        Assert.Equal(symbols, decoded);
    }

    [Fact]
    public void Encode_HandComputedPayload()
    {
        // M = 2, f = {1, 1}. Symbol 1 at position 0 goes through the even state:
        // x = floor(2^31 / 1)·2 + 0 + cumulative 1 = 2^32 + 1. The odd state stays at 2^31.
        var table = AnsFrequencyTable.FromFrequencies(new[] { 1, 1 }, 1);
        byte[] payload = RansEncoder.Encode(table, new[] { 1 });

        Assert.Equal(16, payload.Length);
        Assert.Equal((1UL << 32) + 1, BinaryPrimitives.ReadUInt64LittleEndian(payload));
        Assert.Equal(1UL << 31, BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(8)));
    }

    [Fact]
    public void SingleSymbolSource_CostsOnlyTheStates()
    {
        var table = AnsFrequencyTable.FromCounts(new long[] { 0, 1_000_000, 0 });
        int[] symbols = Enumerable.Repeat(1, 1_000_000).ToArray();

        byte[] payload = RansEncoder.Encode(table, symbols);
        var decoded = new int[symbols.Length];
        RansDecoder.Decode(table, payload, decoded);

        Assert.Equal(16, payload.Length);
        Assert.Equal(symbols, decoded);
    }

    [Fact]
    public void EmptyInput_GivesJustTheStates()
    {
        var table = AnsFrequencyTable.FromCounts(new long[4]);
        byte[] payload = RansEncoder.Encode(table, ReadOnlySpan<int>.Empty);

        Assert.Equal(16, payload.Length);
        RansDecoder.Decode(table, payload, Span<int>.Empty);
        Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(table, payload, new int[1]));
    }

    [Fact]
    public void Encode_IsDeterministic()
    {
        int[] symbols = AnsTestSources.Laplacian32(new Random(5), 100_000);
        long[] counts = CodingTestData.Histogram(symbols, 32);

        byte[] first = RansEncoder.Encode(AnsFrequencyTable.FromCounts(counts), symbols);
        byte[] second = RansEncoder.Encode(AnsFrequencyTable.FromCounts(counts), symbols);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Encode_RejectsSymbolsTheTableCannotCode()
    {
        var table = AnsFrequencyTable.FromFrequencies(new[] { 2, 0, 2 }, 2);

        Assert.Throws<ArgumentException>(() => RansEncoder.Encode(table, new[] { 0, 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RansEncoder.Encode(table, new[] { 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RansEncoder.Encode(table, new[] { -1 }));
    }

    [Fact]
    public void Decode_AgreesWithTheReferenceDecoder_OnRandomPayloads()
    {
        // Garbage must fail the same way in the fast decoder (unchecked loads, branch-free blocks)
        // as in the plain one; valid-looking garbage must decode to the same symbols.
        var random = new Random(23);
        for (int trial = 0; trial < 300; trial++)
        {
            long[] counts = CodingTestData.RandomFrequencies(random, random.Next(1, 50));
            counts[0]++;
            var table = AnsFrequencyTable.FromCounts(counts, random.Next(6, 21));
            int count = random.Next(0, 3000);
            var payload = new byte[16 + 4 * random.Next(0, 1500)];
            random.NextBytes(payload);
            payload[7] &= 0x7F; // keep the states below 2^63 so decoding gets going
            payload[15] &= 0x7F;

            int[]? expected = RansReferenceDecoder.TryDecode(table, payload, count);
            var decoded = new int[count];
            if (expected is null)
            {
                Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(table, payload, decoded));
            }
            else
            {
                RansDecoder.Decode(table, payload, decoded);
                Assert.Equal(expected, decoded);
            }
        }
    }

    private static (int[] Symbols, int SymbolCount) MakeSource(string source)
    {
        var random = new Random(source.Sum(c => c)); // string hashes are randomised per process
        const int count = 20_000;
        return source switch
        {
            "skewed" => (AnsTestSources.Geometric(random, count, 16), 16),
            "uniform" => (AnsTestSources.Uniform(random, count, 37), 37),
            "single" => (Enumerable.Repeat(4, count).ToArray(), 9),
            "binary-0.999" => (AnsTestSources.Binary(random, count, 0.001), 2),
            "random" => (CodingTestData.Sample(random, CodingTestData.RandomFrequencies(random, 200), count), 200),
            "large-alphabet" => (AnsTestSources.Uniform(random, 200_000, 5000), 5000),
            "fibonacci" => (CodingTestData.Sample(random, CodingTestData.Fibonacci(40), count), 40),
            "laplacian" => (AnsTestSources.Laplacian32(random, count + 1), 32),
            "empty" => (Array.Empty<int>(), 3),
            "one" => (new[] { 2 }, 3),
            "three" => (new[] { 2, 0, 2 }, 3),
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
    }
}
