using Quantize.Core.Coding;

namespace Quantize.Core.Tests.Coding;

public class RelativeIndexingTests
{
    public static TheoryData<double, int> Densities => new()
    {
        { 0.01, 2 }, { 0.01, 5 }, { 0.01, 8 },
        { 0.08, 2 }, { 0.08, 5 }, { 0.08, 8 },
        { 0.50, 5 }, { 1.00, 5 },
    };

    [Fact]
    public void HandWorkedExample_InsertsFillersWhereTheGapOverflows()
    {
        // b = 2, so gaps are 0..3 and one gap symbol jumps at most 4 positions.
        // Position 0 from -1: gap 0 - (-1) - 1 = 0.
        // Position 9 from 0: gap 8 > 3, so a filler at 0 + 4 = 4 (gap 3);
        //   from 4: gap 4 > 3, so a filler at 4 + 4 = 8 (gap 3);
        //   from 8: gap 9 - 8 - 1 = 0.
        // Positions 10 and 11 are pruned and need no entry: the length is known.
        PositionGaps result = RelativeIndexing.Encode(new[] { 0, 9 }, length: 12, gapBits: 2);

        Assert.Equal(new[] { 0, 3, 3, 0 }, result.Gaps.ToArray());
        Assert.Equal(new[] { 0, 4, 8, 9 }, result.Positions.ToArray());
        Assert.Equal(new[] { 4, 8 }, result.FillerPositions.ToArray());
        Assert.Equal(new[] { 0, 4, 8, 9 }, RelativeIndexing.Decode(result.Gaps, 12, 2));
    }

    [Fact]
    public void MaskOverload_MatchesPositionOverload()
    {
        var mask = new bool[12];
        mask[0] = mask[9] = true;
        PositionGaps result = RelativeIndexing.Encode(mask, gapBits: 2);

        Assert.Equal(12, result.Length);
        Assert.Equal(new[] { 0, 3, 3, 0 }, result.Gaps.ToArray());
        Assert.Equal(new[] { 4, 8 }, result.FillerPositions.ToArray());
    }

    [Theory]
    [InlineData(3, new[] { 3 }, new int[0])] // gap 3 = largest codable gap: no filler
    [InlineData(4, new[] { 3, 0 }, new[] { 3 })] // gap 4: filler at -1 + 4 = 3, then gap 0
    [InlineData(8, new[] { 3, 3, 0 }, new[] { 3, 7 })]
    public void FirstGap_IsCountedFromMinusOne(int position, int[] gaps, int[] fillers)
    {
        PositionGaps result = RelativeIndexing.Encode(new[] { position }, length: 20, gapBits: 2);

        Assert.Equal(gaps, result.Gaps.ToArray());
        Assert.Equal(fillers, result.FillerPositions.ToArray());
    }

    [Theory]
    [MemberData(nameof(Densities))]
    public void RandomMask_RoundTripsThroughGapsAndHuffmanCode(double density, int gapBits)
    {
        var random = new Random(1000 + gapBits + (int)(density * 100));
        var mask = new bool[20_000];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextDouble() < density;
        }

        PositionGaps result = RelativeIndexing.Encode(mask, gapBits);
        int[] expectedFillers = ReferenceFillers(mask, gapBits);
        Assert.Equal(expectedFillers, result.FillerPositions.ToArray());

        // The kept positions are the coded ones minus the fillers, and no filler is a kept position.
        int[] kept = Enumerable.Range(0, mask.Length).Where(i => mask[i]).ToArray();
        Assert.Equal(kept, result.Positions.ToArray().Except(expectedFillers).ToArray());
        Assert.All(expectedFillers, p => Assert.False(mask[p]));

        CodedGaps stream = GapCoder.Encode(result.Gaps, gapBits);
        int[] gaps = GapCoder.Decode(
            stream.Bytes.ToArray(), stream.IndexBits, stream.CodeLengths, stream.GapCount, gapBits);
        Assert.Equal(result.Gaps.ToArray(), gaps);
        Assert.Equal(result.Positions.ToArray(), RelativeIndexing.Decode(gaps, mask.Length, gapBits));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void EmptyMask_HasNoEntries(int length)
    {
        // Trailing pruned positions are never coded, so no fillers either, however long the tensor.
        PositionGaps result = RelativeIndexing.Encode(new bool[length], gapBits: 2);

        Assert.Equal(0, result.EntryCount);
        Assert.True(result.FillerPositions.IsEmpty);
        Assert.Empty(RelativeIndexing.Decode(ReadOnlySpan<int>.Empty, length, 2));
    }

    [Fact]
    public void DenseMask_IsAllZeroGaps()
    {
        var mask = Enumerable.Repeat(true, 50).ToArray();
        PositionGaps result = RelativeIndexing.Encode(mask, gapBits: 5);

        Assert.Equal(new int[50], result.Gaps.ToArray());
        Assert.Equal(Enumerable.Range(0, 50), result.Positions.ToArray());
        Assert.True(result.FillerPositions.IsEmpty);
    }

    [Fact]
    public void Decode_PositionPastTheEnd_Throws()
    {
        int[] gaps = { 0, 3, 3, 0 }; // reaches position 9

        Assert.Equal(new[] { 0, 4, 8, 9 }, RelativeIndexing.Decode(gaps, 10, 2));
        var error = Assert.Throws<InvalidDataException>(() => RelativeIndexing.Decode(gaps, 9, 2));
        Assert.Contains("position 9", error.Message);
    }

    [Fact]
    public void Decode_PositionPastIntMax_ThrowsInvalidData()
    {
        // 32767 full jumps of 2^16 reach 2^31 - 65537; a gap of 65534 then reaches int.MaxValue - 1,
        // still inside. One more full jump would wrap a 32-bit position to a negative number.
        var gaps = new int[32_769];
        Array.Fill(gaps, (1 << 16) - 1);
        gaps[^2] = (1 << 16) - 2;
        Assert.Throws<InvalidDataException>(() => RelativeIndexing.Decode(gaps, int.MaxValue, 16));
    }

    [Theory]
    [InlineData(new[] { 4 }, 10, 2)] // gap above 2^b - 1
    [InlineData(new[] { -1 }, 10, 2)]
    [InlineData(new[] { 0 }, 10, 0)] // gap width outside 1..16
    [InlineData(new[] { 0 }, 10, 17)]
    [InlineData(new int[0], -1, 2)]
    public void Decode_InvalidInput_ThrowsInvalidData(int[] gaps, int length, int gapBits)
    {
        Assert.Throws<InvalidDataException>(() => RelativeIndexing.Decode(gaps, length, gapBits));
    }

    [Theory]
    [InlineData(new[] { 3, 3 })]
    [InlineData(new[] { 5, 2 })]
    [InlineData(new[] { -1 })]
    [InlineData(new[] { 12 })]
    public void Encode_PositionsNotAscendingOrOutside_Throws(int[] positions)
    {
        Assert.Throws<ArgumentException>(() => RelativeIndexing.Encode(positions, length: 12, gapBits: 2));
    }

    // Closed form, independent of the encoder's loop: a gap g between entries needs floor(g / 2^b)
    // fillers, at previous + k * 2^b for k = 1, 2, ...
    private static int[] ReferenceFillers(bool[] mask, int gapBits)
    {
        int step = 1 << gapBits;
        var fillers = new List<int>();
        int previous = -1;
        for (int p = 0; p < mask.Length; p++)
        {
            if (!mask[p])
            {
                continue;
            }

            int gap = p - previous - 1;
            for (int k = 1; k <= gap / step; k++)
            {
                fillers.Add(previous + k * step);
            }

            previous = p;
        }

        return fillers.ToArray();
    }
}
