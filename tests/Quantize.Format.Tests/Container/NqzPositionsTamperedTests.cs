using Google.Protobuf;
using Quantize.Core.Coding;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Tests.Onnx;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Hostile <see cref="Positions"/> fields behind a correct checksum: the validator or the decoder must refuse
/// each with <see cref="NqzFormatException"/>, before allocating anything the stream cannot back.
/// </summary>
public class NqzPositionsTamperedTests
{
    const int GapBits = 2;

    // A 12x10 weight with every third value kept: runs of 2 pruned weights, and 3-bit gaps allowed.
    static NqzBody ValidBody()
    {
        var model = SampleModels.Build(inputs: 12, outputs: 10, seed: 7);
        var parameters = ModelParameters.Extract(model).ToList();
        int w = parameters.FindIndex(p => p.Dims.Length >= 2);
        bool[] kept = parameters[w].Values.Select((_, i) => i % 3 == 0 || i >= 100).ToArray();
        parameters[w] = parameters[w] with { Values = parameters[w].Values.Select((v, i) => kept[i] ? v : 0f).ToArray() };
        var masks = parameters.Select((_, i) => i == w ? new PrunedTensor(kept, GapBits) : null).ToList();
        return PrunedFixture.WithMasks(model, parameters, masks, cells: 4).Build(SymbolCoding.Huffman, PrunedStorage.IndexDifferences);
    }

    static Positions PositionsOf(NqzBody body) => body.Tensors.Single(t => t.Positions != null).Positions;

    static Task<NqzFormatException> AssertRejectedAsync(Action<NqzBody> tamper, string problem)
    {
        NqzBody body = ValidBody();
        tamper(body);
        return ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(body), problem);
    }

    /// <summary>Replaces the coded gaps by <paramref name="gaps"/> coded with <paramref name="gapBits"/>-bit symbols.</summary>
    static void Recode(Positions positions, int[] gaps, int gapBits)
    {
        CodedGaps stream = GapCoder.Encode(gaps, gapBits);
        positions.GapBits = (uint)gapBits;
        positions.CodeLengths.Clear();
        foreach (int length in stream.CodeLengths) positions.CodeLengths.Add((uint)length);
        positions.Stream = ByteString.CopyFrom(stream.Bytes);
        positions.StreamBits = (ulong)stream.IndexBits;
        positions.EntryCount = (ulong)gaps.Length;
    }

    [Fact]
    public async Task TheUntamperedBody_IsAccepted_AndRecodingItsOwnGapsKeepsItValid()
    {
        Assert.Null(await ContainerBytes.TryDecodeAsync(ContainerBytes.Wrap(ValidBody())));
        // Recode is sound: the decoded gaps recoded as they are still make a valid file.
        NqzBody body = ValidBody();
        Positions positions = PositionsOf(body);
        int[] gaps = GapCoder.Decode(positions.Stream.Memory, (long)positions.StreamBits,
            positions.CodeLengths.Select(l => (int)l).ToArray(), (int)positions.EntryCount, GapBits);
        Recode(positions, gaps, GapBits);
        Assert.Null(await ContainerBytes.TryDecodeAsync(ContainerBytes.Wrap(body)));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(17u)]
    public Task GapBitsOutsideTheRange_AreRefused(uint bits) =>
        AssertRejectedAsync(b => PositionsOf(b).GapBits = bits, $"{bits}-bit gaps");

    [Fact]
    public Task TooFewGapCodeLengths_AreRefused() =>
        AssertRejectedAsync(b => PositionsOf(b).CodeLengths.RemoveAt(0), "gap code lengths for 2-bit gaps");

    [Fact]
    public Task AnOverlongGapCodeLength_IsRefused() =>
        AssertRejectedAsync(b => PositionsOf(b).CodeLengths[0] = 33, "gap code length of 33 bits");

    [Fact]
    public Task MorePositionsThanStreamBits_AreRefused() =>
        AssertRejectedAsync(b => PositionsOf(b).EntryCount = PositionsOf(b).StreamBits + 1, "positions in");

    [Fact]
    public Task MoreKeptThanEntries_AreRefused() =>
        AssertRejectedAsync(b => PositionsOf(b).KeptCount = PositionsOf(b).EntryCount + 1, "kept parameters among");

    [Fact]
    public Task StreamBitsBeyondTheBytes_AreRefused() =>
        AssertRejectedAsync(b => PositionsOf(b).StreamBits += 8, "position bits but holds");

    [Fact]
    public Task AHugeShapeBehindFewPositions_IsRefusedBeforeAllocating() =>
        AssertRejectedAsync(b =>
        {
            QuantizedTensor tensor = b.Tensors.Single(t => t.Positions != null);
            tensor.Dims.Clear();
            tensor.Dims.Add([1 << 20, 1 << 20]);
        }, "more elements than its codebook symbols or positions can describe");

    [Fact]
    public Task PositionsBeyondTheTensor_AreRefused() =>
        AssertRejectedAsync(b =>
        {
            // As many entries as before (the codebook still matches), but every gap the largest: they run past the end.
            Positions positions = PositionsOf(b);
            Recode(positions, Enumerable.Repeat(7, (int)positions.EntryCount).ToArray(), 3);
            positions.KeptCount = 0;
        }, "past");

    [Fact]
    public Task ATailLongerThanTheLargestGap_IsRefused() =>
        AssertRejectedAsync(b =>
        {
            // All gaps 0: the 54 entries fill the front and 66 pruned elements follow, more than a gap can skip.
            Positions positions = PositionsOf(b);
            Recode(positions, new int[(int)positions.EntryCount], GapBits);
        }, "ends in 66 pruned elements; at most 3 may follow the last entry");

    [Fact]
    public Task MoreFillersThanLargestGaps_AreRefused() =>
        AssertRejectedAsync(b => PositionsOf(b).KeptCount = 0, "fillers");

    [Fact]
    public Task AStreamThatDoesNotDecode_IsRefused() =>
        AssertRejectedAsync(b =>
        {
            // Same length, all ones: the longest codeword over and over, which cannot end where the stream ends.
            Positions positions = PositionsOf(b);
            positions.Stream = ByteString.CopyFrom(Enumerable.Repeat((byte)0xFF, positions.Stream.Length).ToArray());
        }, "tensor 'fc.weight' has corrupt positions");

    [Fact]
    public async Task EverySingleBitFlipOfThePositions_IsAcceptedOrRejectedCleanly()
    {
        byte[] positions = PositionsOf(ValidBody()).ToByteArray();
        int rejected = 0;
        for (int bit = 0; bit < positions.Length * 8; bit++)
        {
            byte[] damaged = (byte[])positions.Clone();
            damaged[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            Positions parsed;
            try
            {
                parsed = Positions.Parser.ParseFrom(damaged);
            }
            catch (InvalidProtocolBufferException)
            {
                rejected++; // a reader's protobuf parse refuses it already
                continue;
            }
            NqzBody body = ValidBody();
            body.Tensors.Single(t => t.Positions != null).Positions = parsed;
            if (!await ContainerBytes.AssertAcceptedOrRejectedCleanlyAsync(ContainerBytes.Wrap(body), $"bit {bit}")) rejected++;
        }
        Assert.True(rejected > positions.Length * 8 / 4, $"only {rejected} of {positions.Length * 8} flips were refused");
    }
}
