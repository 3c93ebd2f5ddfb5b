using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class AnsTableSerializationTests
{
    [Fact]
    public void Write_HandWrittenBits()
    {
        // Precision 2 (00010), order 1 (00001); Exp-Golomb order 1 of 1, 3, 0: 1|1, 010|1, 1|0.
        var table = AnsFrequencyTable.FromFrequencies(new[] { 1, 3, 0 }, 2);
        var writer = new BitWriter();
        table.Write(writer);

        Assert.Equal(18, table.SerializedBits);
        Assert.Equal(18, writer.BitLength);
        Assert.Equal(new byte[] { 0b0001_0000, 0b0111_0101, 0b1000_0000 }, writer.ToArray());
    }

    [Fact]
    public void WriteThenRead_RestoresTheTable()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            long[] counts = CodingTestData.RandomFrequencies(random, random.Next(0, 300), maxFrequency: 1 << random.Next(0, 25));
            int used = counts.Count(c => c > 0);
            int? precision = random.Next(3) == 0 ? null : Math.Max(random.Next(0, 21), (int)Math.Ceiling(Math.Log2(Math.Max(1, used))));
            var table = AnsFrequencyTable.FromCounts(counts, precision);

            var writer = new BitWriter();
            writer.Write(5, 3); // the table need not start on a byte boundary
            table.Write(writer);
            writer.Write(1, 1);
            Assert.Equal(3 + table.SerializedBits + 1, writer.BitLength);

            var reader = new BitReader(writer.ToArray(), writer.BitLength);
            reader.Read(3);
            var read = AnsFrequencyTable.Read(reader, counts.Length);

            Assert.Equal(3 + table.SerializedBits, reader.BitPosition);
            Assert.Equal(table.Precision, read.Precision);
            Assert.Equal(table.Frequencies.ToArray(), read.Frequencies.ToArray());
            Assert.Equal(table.SerializedBits, read.SerializedBits);
        }
    }

    [Fact]
    public void SerializedBits_OfATypicalTable_IsSmall()
    {
        // The 32 clusters of a Laplacian source: 5 + 5 header bits and about 10 bits per frequency.
        int[] symbols = AnsTestSources.Laplacian32(new Random(1), 1_000_000);
        var table = AnsFrequencyTable.FromCounts(CodingTestData.Histogram(symbols, 32));

        Assert.InRange(table.SerializedBits, 10 + 32 * 4, 10 + 32 * 12);
    }

    [Fact]
    public void ExpGolomb_LengthsAndRoundTrip()
    {
        var writer = new BitWriter();
        long bits = 0;
        for (int order = 0; order <= 20; order++)
        {
            foreach (uint value in Enumerable.Range(0, 300).Select(v => (uint)v).Append(1u << 20).Append((1u << 20) - 1))
            {
                AnsExpGolombCode.Write(writer, value, order);
                bits += AnsExpGolombCode.BitLength(value, order);
                Assert.Equal(bits, writer.BitLength);
            }
        }

        var reader = new BitReader(writer.ToArray(), writer.BitLength);
        for (int order = 0; order <= 20; order++)
        {
            foreach (uint value in Enumerable.Range(0, 300).Select(v => (uint)v).Append(1u << 20).Append((1u << 20) - 1))
            {
                Assert.Equal(value, AnsExpGolombCode.Read(reader, order, 1u << 20, symbol: 0));
            }
        }
    }

    [Theory]
    [InlineData(new[] { 1, 2 }, 2)] // sums to 3, not 4
    [InlineData(new[] { 3, 2 }, 2)] // runs past 4
    [InlineData(new[] { 4, 4, 0 }, 2)]
    [InlineData(new[] { 0, 1 }, 3)]
    [InlineData(new[] { 7 }, 2)] // a frequency above M
    [InlineData(new[] { 1 << 20, 1 }, 20)]
    public void Read_TablesWithWrongTotals_ThrowInvalidData(int[] frequencies, int precision)
    {
        var writer = new BitWriter();
        writer.Write((uint)precision, 5);
        writer.Write(0, 5);
        foreach (int f in frequencies)
        {
            AnsExpGolombCode.Write(writer, (uint)f, 0);
        }

        var error = Assert.Throws<InvalidDataException>(() => AnsFrequencyTable.Read(new BitReader(writer.ToArray(), writer.BitLength), frequencies.Length));
        Assert.Contains("ANS frequenc", error.Message);
    }

    [Theory]
    [InlineData(21, 0, "precision 21")]
    [InlineData(31, 0, "precision 31")]
    [InlineData(4, 5, "order 5")]
    public void Read_BadHeader_ThrowsInvalidData(int precision, int order, string expected)
    {
        var writer = new BitWriter();
        writer.Write((uint)precision, 5);
        writer.Write((uint)order, 5);
        writer.Write(ulong.MaxValue, 64);

        var error = Assert.Throws<InvalidDataException>(() => AnsFrequencyTable.Read(new BitReader(writer.ToArray()), 2));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Read_LongRunOfZeros_StopsEarly()
    {
        // Precision 4, order 0: a frequency of at most 16 has at most 4 leading zeros.
        var bytes = new byte[1000];
        bytes[0] = 0b0010_0000;
        var error = Assert.Throws<InvalidDataException>(() => AnsFrequencyTable.Read(new BitReader(bytes), 3));
        Assert.Contains("prefix", error.Message);
    }

    [Fact]
    public void Read_HugeAlphabetFromATinyInput_ThrowsBeforeAllocating()
    {
        var bytes = new byte[] { 0b1010_0000, 0b0000_0000, 0xFF, 0xFF };
        Assert.Throws<InvalidDataException>(() => AnsFrequencyTable.Read(new BitReader(bytes), AnsFrequencyTable.MaxSymbolCount));
        Assert.Throws<InvalidDataException>(() => AnsFrequencyTable.Read(new BitReader(bytes), AnsFrequencyTable.MaxSymbolCount + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnsFrequencyTable.Read(new BitReader(bytes), -1));
    }

    [Fact]
    public void Read_EveryTruncation_ThrowsInvalidData()
    {
        var random = new Random(13);
        long[] counts = CodingTestData.RandomFrequencies(random, 40, maxFrequency: 5000);
        byte[] bytes = Serialize(AnsFrequencyTable.FromCounts(counts), out long bitLength);

        for (long cut = 0; cut < bitLength; cut++)
        {
            Assert.Throws<InvalidDataException>(() => AnsFrequencyTable.Read(new BitReader(bytes, cut), counts.Length));
        }
    }

    [Fact]
    public void Read_EveryBitFlip_ThrowsOrGivesAValidTable()
    {
        var random = new Random(17);
        long[] counts = CodingTestData.RandomFrequencies(random, 30, maxFrequency: 5000);
        byte[] bytes = Serialize(AnsFrequencyTable.FromCounts(counts), out long bitLength);
        int thrown = 0;

        for (long bit = 0; bit < bitLength; bit++)
        {
            byte[] corrupt = (byte[])bytes.Clone();
            corrupt[bit / 8] ^= (byte)(0x80 >> (int)(bit % 8));
            try
            {
                var table = AnsFrequencyTable.Read(new BitReader(corrupt, bitLength), counts.Length);
                Assert.Equal(table.TotalFrequency, table.Frequencies.ToArray().Sum());
            }
            catch (InvalidDataException)
            {
                thrown++;
            }
        }

        // A flip changes one frequency, or the parse after it, so the total almost never survives.
        Assert.True(thrown > bitLength * 9 / 10, $"{thrown} of {bitLength} flips detected");
    }

    [Fact]
    public void Read_RandomBits_ThrowOnlyInvalidData()
    {
        var random = new Random(19);
        for (int trial = 0; trial < 500; trial++)
        {
            var bytes = new byte[random.Next(0, 30)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = (byte)(random.Next(0, 6) << 3); // a plausible precision, to get past the header
            }

            try
            {
                var table = AnsFrequencyTable.Read(new BitReader(bytes), random.Next(0, 20));
                Assert.True(table.UsedSymbolCount == 0 || table.Frequencies.ToArray().Sum() == table.TotalFrequency);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    private static byte[] Serialize(AnsFrequencyTable table, out long bitLength)
    {
        var writer = new BitWriter();
        table.Write(writer);
        bitLength = writer.BitLength;
        return writer.ToArray();
    }
}
