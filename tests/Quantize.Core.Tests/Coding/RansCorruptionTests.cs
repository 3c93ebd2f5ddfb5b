using System.Buffers.Binary;
using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

/// <summary>Corrupt payloads end in <see cref="InvalidDataException"/>, never another exception or a silent decode.</summary>
public class RansCorruptionTests
{
    [Fact]
    public void EveryTruncation_ThrowsInvalidData()
    {
        (AnsFrequencyTable table, int[] symbols, byte[] payload) = Encoded(seed: 1, count: 600);

        for (int length = 0; length < payload.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(table, payload.AsSpan(0, length), new int[symbols.Length]));
        }
    }

    [Fact]
    public void TruncatingALongPayload_ThrowsInvalidData()
    {
        // Long enough for the unchecked block loop, which must hand over to the checked one in time.
        (AnsFrequencyTable table, int[] symbols, byte[] payload) = Encoded(seed: 2, count: 40_000);

        for (int length = payload.Length - 4; length > 0; length -= 4 * 97)
        {
            Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(table, payload.AsSpan(0, length), new int[symbols.Length]));
        }
    }

    [Theory]
    [InlineData(3, 200)]
    [InlineData(9, 2000)]
    public void EveryBitFlip_ThrowsInvalidData_OrDecodesOtherSymbols(int seed, int count)
    {
        // A flip changes a state or a word, and the decoder then almost always ends in a state other
        // than L. Not always: a flip in the low bits that pick the next slot can land on another symbol
        // at the same offset with the same frequency, or on a pair of changes that cancel, and still end
        // at L (a few percent of flips at small precisions). Such a decode is a valid payload for other
        // symbols, never the original ones: rANS is a bijection. The container's checksum catches those.
        (AnsFrequencyTable table, int[] symbols, byte[] payload) = Encoded(seed, count);
        int undetected = 0;

        for (int bit = 0; bit < payload.Length * 8; bit++)
        {
            byte[] corrupt = (byte[])payload.Clone();
            corrupt[bit / 8] ^= (byte)(1 << (bit % 8));
            var decoded = new int[symbols.Length];
            try
            {
                RansDecoder.Decode(table, corrupt, decoded);
            }
            catch (InvalidDataException)
            {
                continue;
            }

            Assert.NotEqual(symbols, decoded);
            undetected++;
        }

        Assert.True(undetected < payload.Length * 8 / 20, $"{undetected} of {payload.Length * 8} flips went undetected");
    }

    [Fact]
    public void ExtraBytes_ThrowInvalidData()
    {
        (AnsFrequencyTable table, int[] symbols, byte[] payload) = Encoded(seed: 4, count: 300);

        foreach (int extra in new[] { 1, 3, 4, 8 })
        {
            byte[] longer = payload.Concat(new byte[extra]).ToArray();
            var error = Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(table, longer, new int[symbols.Length]));
            Assert.Contains(extra % 4 == 0 ? "unused words" : "whole 4-byte words", error.Message);
        }
    }

    [Fact]
    public void WrongSymbolCount_ThrowsInvalidData()
    {
        (AnsFrequencyTable table, int[] symbols, byte[] payload) = Encoded(seed: 5, count: 300);

        foreach (int count in new[] { 0, 1, 299, 301, 1000 })
        {
            Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(table, payload, new int[count]));
        }
    }

    [Fact]
    public void WrongTable_ThrowsInvalidData()
    {
        (AnsFrequencyTable table, int[] symbols, byte[] payload) = Encoded(seed: 6, count: 300);
        long[] counts = CodingTestData.Histogram(symbols, table.SymbolCount);

        foreach (int precision in new[] { 10, 14, 18 })
        {
            var other = AnsFrequencyTable.FromCounts(counts, precision);
            Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(other, payload, new int[symbols.Length]));
        }
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData((1UL << 31) - 1)]
    [InlineData(1UL << 63)]
    [InlineData(ulong.MaxValue)]
    public void StatesOutsideTheRange_ThrowInvalidData(ulong state)
    {
        (AnsFrequencyTable table, int[] symbols, byte[] payload) = Encoded(seed: 7, count: 100);

        foreach (int offset in new[] { 0, 8 })
        {
            byte[] corrupt = (byte[])payload.Clone();
            BinaryPrimitives.WriteUInt64LittleEndian(corrupt.AsSpan(offset), state);
            var error = Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(table, corrupt, new int[symbols.Length]));
            Assert.Contains("initial state", error.Message);
        }
    }

    [Fact]
    public void RandomPayloads_ThrowInvalidData()
    {
        var random = new Random(8);
        var table = AnsFrequencyTable.FromCounts(CodingTestData.RandomFrequencies(random, 30).Append(1).ToArray());
        for (int trial = 0; trial < 300; trial++)
        {
            var payload = new byte[random.Next(0, 3000)];
            random.NextBytes(payload);
            Assert.Throws<InvalidDataException>(() => RansDecoder.Decode(table, payload, new int[random.Next(0, 5000)]));
        }
    }

    private static (AnsFrequencyTable Table, int[] Symbols, byte[] Payload) Encoded(int seed, int count)
    {
        int[] symbols = AnsTestSources.Laplacian32(new Random(seed), count);
        var table = AnsFrequencyTable.FromCounts(CodingTestData.Histogram(symbols, 32));
        return (table, symbols, RansEncoder.Encode(table, symbols));
    }
}
