using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Pruned models through the container: kept values decode to their centers, pruned ones to exactly +0.0f,
/// with positions as index differences or zeros as one more codebook value, under every index code.
/// </summary>
public class NqzPrunedRoundTripTests
{
    // The trained LeNet-5 with 90% of every weight tensor zeroed by magnitude; fc gaps of 5 bits, as Deep Compression.
    static readonly Lazy<PrunedFixture> LeNet = new(() => PrunedFixture.FromModel(OnnxModelFile.Load(RepoPaths.SampleModel), keep: 0.1, gapBits: 5));

    public static TheoryData<SymbolCoding, PrunedStorage> Cases => new()
    {
        { SymbolCoding.Huffman, PrunedStorage.IndexDifferences },
        { SymbolCoding.Fixed, PrunedStorage.IndexDifferences },
        { SymbolCoding.Ans, PrunedStorage.IndexDifferences },
        { SymbolCoding.Huffman, PrunedStorage.ZeroCluster },
        { SymbolCoding.Fixed, PrunedStorage.ZeroCluster },
        { SymbolCoding.Ans, PrunedStorage.ZeroCluster },
    };

    static IReadOnlyList<ParameterTensor> RoundTrip(NqzBody body) => NqzDecoder.DecodeTensors(NqzFile.Parse(NqzFile.ToBytes(body), "pruned.nqz"));

    static void AssertDecodesExactly(PrunedFixture fixture, IReadOnlyList<ParameterTensor> decoded)
    {
        IReadOnlyList<float[]> expected = fixture.Expected();
        Assert.Equal(fixture.Parameters.Select(p => p.Name), decoded.Select(t => t.Name));
        for (int t = 0; t < decoded.Count; t++)
        {
            Assert.Equal(expected[t].Length, decoded[t].Values.Length);
            for (int e = 0; e < expected[t].Length; e++)
                Assert.Equal(BitConverter.SingleToInt32Bits(expected[t][e]), BitConverter.SingleToInt32Bits(decoded[t].Values[e]));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrunedLeNet_DecodesKeptCentersAndExactZeros(SymbolCoding coding, PrunedStorage storage)
    {
        PrunedFixture fixture = LeNet.Value;
        NqzBody body = fixture.Build(coding, storage);
        AssertDecodesExactly(fixture, RoundTrip(body));

        long kept = fixture.Quantization.Assignment.Length;
        long total = fixture.Parameters.Sum(p => p.ElementCount);
        Assert.True(kept < total / 5, "the fixture is really pruned");
        if (storage == PrunedStorage.ZeroCluster)
        {
            Assert.All(body.Tensors, t => Assert.Null(t.Positions));
            Assert.Equal((ulong)total, body.Codebooks[0].SymbolCount);
        }
        else
        {
            // Weights carry positions, biases none; the stream holds kept values plus fillers only.
            for (int t = 0; t < body.Tensors.Count; t++)
                Assert.Equal(fixture.Pruned[t] != null, body.Tensors[t].Positions != null);
            long entries = body.Tensors.Sum(t => (long)(t.Positions?.EntryCount ?? (ulong)TensorData.ElementCount(t.Dims)));
            Assert.Equal((ulong)entries, body.Codebooks[0].SymbolCount);
            Assert.Equal(kept, body.Tensors.Sum(t => (long)(t.Positions?.KeptCount ?? (ulong)TensorData.ElementCount(t.Dims))));
        }
    }

    [Fact]
    public void ZeroCluster_AndIndexDifferences_DecodeToTheSameModel()
    {
        PrunedFixture fixture = LeNet.Value;
        IReadOnlyList<ParameterTensor> positions = RoundTrip(fixture.Build(SymbolCoding.Huffman, PrunedStorage.IndexDifferences));
        IReadOnlyList<ParameterTensor> zeros = RoundTrip(fixture.Build(SymbolCoding.Huffman, PrunedStorage.ZeroCluster));
        for (int t = 0; t < positions.Count; t++) Assert.Equal(positions[t].Values, zeros[t].Values);
        // The model itself round-trips too: the skeleton takes the decoded tensors.
        NqzDecoder.DecodeModel(NqzFile.Parse(NqzFile.ToBytes(fixture.Build(SymbolCoding.Ans, PrunedStorage.IndexDifferences)), "p.nqz"), "p.nqz");
    }

    [Fact]
    public void GapsOverTheLimit_TakeFillerEntries_ThatDecodeToZero()
    {
        // 2-bit gaps: any run of more than 3 pruned weights needs fillers, inside the tensor and after its last kept weight.
        PrunedFixture fixture = PrunedFixture.FromModel(OnnxModelFile.Load(RepoPaths.SampleModel), keep: 0.1, gapBits: 2);
        NqzBody body = fixture.Build(SymbolCoding.Huffman, PrunedStorage.IndexDifferences);
        Positions fc1 = body.Tensors.Single(t => t.Name == "fc1.weight").Positions;
        Assert.True(fc1.EntryCount > 2 * fc1.KeptCount, $"{fc1.EntryCount} entries for {fc1.KeptCount} kept weights");
        Assert.Equal(0f, body.Codebooks[0].Values[^1]); // the fillers' value, after the quantization's centers
        Assert.Equal(fixture.Quantization.Centers.Length + 1, body.Codebooks[0].Values.Count);
        AssertDecodesExactly(fixture, RoundTrip(body));
    }

    [Fact]
    public void DenseEmptyAndAllPrunedTensors_RoundTrip()
    {
        ModelProto model = SampleModels.Build(inputs: 8, outputs: 6, seed: 3);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        int weights = parameters.ToList().FindIndex(p => p.Dims.Length >= 2);
        ParameterTensor weight = parameters[weights];
        foreach (bool[] mask in new[]
        {
            Enumerable.Repeat(true, weight.Values.Length).ToArray(),  // fully dense, all gaps 0
            Enumerable.Repeat(false, weight.Values.Length).ToArray(), // everything pruned: only fillers
            weight.Values.Select((_, i) => i == 0).ToArray(),          // one kept weight, then a long tail
        })
        {
            var tensors = parameters.ToList();
            tensors[weights] = weight with { Values = weight.Values.Select((v, i) => mask[i] ? v : 0f).ToArray() };
            var masks = parameters.Select((_, i) => i == weights ? new PrunedTensor(mask, 2) : null).ToList();
            PrunedFixture fixture = PrunedFixture.WithMasks(model, tensors, masks, cells: 4);
            NqzBody body = fixture.Build(SymbolCoding.Huffman, PrunedStorage.IndexDifferences);
            Positions positions = body.Tensors[weights].Positions;
            Assert.Equal((ulong)mask.Count(k => k), positions.KeptCount);
            AssertDecodesExactly(fixture, RoundTrip(body));
        }
    }

    [Fact]
    public void AnEmptyTensor_HasNoEntries_AndRoundTrips()
    {
        ModelProto model = SampleModels.Build(inputs: 3, outputs: 2, seed: 5);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        var empty = new ParameterTensor("empty", [0, 4], []);
        model.Graph.Initializer.Add(SampleModels.RawFloats(empty.Name, empty.Dims, empty.Values));
        var tensors = parameters.Append(empty).ToList();
        var masks = tensors.Select(t => t.Name == "empty" ? new PrunedTensor([], 3) : null).ToList();
        PrunedFixture fixture = PrunedFixture.WithMasks(model, tensors, masks, cells: 4);
        NqzBody body = fixture.Build(SymbolCoding.Fixed, PrunedStorage.IndexDifferences);
        Assert.Equal(0UL, body.Tensors.Single(t => t.Name == "empty").Positions.EntryCount);
        AssertDecodesExactly(fixture, RoundTrip(body));
    }
}
