using Quantize.Core.Accounting;
using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

/// <summary>
/// rANS reaches the entropy. Bound asserted on N = 10^6 symbols: payload bits ≤ 1.005·N·H + 128, where
/// N·H is the empirical entropy of the sequence itself and 128 bits are the two flushed 64-bit states;
/// the table's <see cref="AnsFrequencyTable.SerializedBits"/> comes on top and is checked separately.
/// </summary>
public class RansCompressionTests
{
    private const int Count = 1_000_000;
    private const int FlushedStateBits = 128;

    public static TheoryData<string> Sources => new() { "laplacian", "binary-0.999", "binary-0.9", "three-symbol", "uniform-37", "geometric" };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Payload_IsWithinHalfAPercentOfTheEntropy(string source)
    {
        (int[] symbols, int symbolCount) = MakeSource(source);
        long[] counts = CodingTestData.Histogram(symbols, symbolCount);
        double entropyBits = Count * Entropy.Bits(counts);
        var table = AnsFrequencyTable.FromCounts(counts);

        byte[] payload = RansEncoder.Encode(table, symbols);
        long payloadBits = payload.Length * 8L;

        Assert.True(
            payloadBits <= 1.005 * entropyBits + FlushedStateBits,
            $"{payloadBits} payload bits against N·H = {entropyBits:F0}");
        Assert.True(table.SerializedBits <= 16 * symbolCount + 10, $"table {table.SerializedBits} bits");

        // Beyond the bound: the payload is the table's ideal cost plus 64..128 bits of state, so the
        // coder spends exactly what the quantized probabilities promise.
        double ideal = table.CostBits(counts);
        Assert.InRange(payloadBits - ideal, 64 - 1e-5 * ideal - 1, FlushedStateBits + 1e-5 * ideal + 1);

        var decoded = new int[Count];
        RansDecoder.Decode(table, payload, decoded);
        Assert.Equal(symbols, decoded);
    }

    [Theory]
    [InlineData("binary-0.999")]
    [InlineData("binary-0.9")]
    [InlineData("three-symbol")]
    public void BelowOneBitPerSymbol_BeatsHuffman(string source)
    {
        (int[] symbols, int symbolCount) = MakeSource(source);
        long[] counts = CodingTestData.Histogram(symbols, symbolCount);
        var table = AnsFrequencyTable.FromCounts(counts);
        long ansBits = RansEncoder.Encode(table, symbols).Length * 8L + table.SerializedBits;
        long huffmanBits = HuffmanEncoder.EncodedBitLength(CanonicalHuffmanCode.FromFrequencies(counts), counts);

        // A prefix code needs at least 1 bit per symbol.
        Assert.True(huffmanBits >= Count);
        Assert.True(ansBits < Count * 0.75, $"{ansBits} bits for {Count} symbols");
    }

    private static (int[] Symbols, int SymbolCount) MakeSource(string source)
    {
        var random = new Random(source.Sum(c => c) + 1000);
        return source switch
        {
            "laplacian" => (AnsTestSources.Laplacian32(random, Count), 32),
            "binary-0.999" => (AnsTestSources.Binary(random, Count, 0.001), 2), // H ≈ 0.0114 bits
            "binary-0.9" => (AnsTestSources.Binary(random, Count, 0.1), 2), // H ≈ 0.47 bits
            "three-symbol" => (CodingTestData.Sample(random, new long[] { 900, 70, 30 }, Count), 3), // H ≈ 0.56 bits
            "uniform-37" => (AnsTestSources.Uniform(random, Count, 37), 37),
            "geometric" => (AnsTestSources.Geometric(random, Count, 24), 24),
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
    }
}
