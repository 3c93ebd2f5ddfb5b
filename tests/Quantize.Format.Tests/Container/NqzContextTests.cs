using Google.Protobuf;
using Quantize.Core.Coding.Context;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Tests.Onnx;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// CONTEXT coding through the container (docs/format.md, section 16): dense and pruned models restore exactly, pruned
/// positions become significance flags, and damaged or hostile streams end in <see cref="NqzFormatException"/>.
/// </summary>
public class NqzContextTests
{
    // The trained LeNet-5 with 90% of every weight tensor zeroed by magnitude (as NqzPrunedRoundTripTests).
    static readonly Lazy<PrunedFixture> LeNet = new(() => PrunedFixture.FromModel(OnnxModelFile.Load(RepoPaths.SampleModel), keep: 0.1, gapBits: 5));

    static NqzBody RoundTripBody(NqzBody body) => NqzFile.Parse(NqzFile.ToBytes(body), "context.nqz");

    [Fact]
    public void DenseModelRestoresTheSameValuesAsHuffman()
    {
        ContainerFixture fixture = ContainerFixture.Create(inputs: 16, outputs: 12, cells: 6);
        IReadOnlyList<ParameterTensor> context = NqzDecoder.DecodeTensors(RoundTripBody(fixture.Build(SymbolCoding.Context)));
        IReadOnlyList<ParameterTensor> huffman = NqzDecoder.DecodeTensors(RoundTripBody(fixture.Build(SymbolCoding.Huffman)));
        Assert.Equal(huffman.Select(t => t.Values), context.Select(t => t.Values));
        Assert.Equal(SymbolCoding.Context, fixture.Build(SymbolCoding.Context).Codebooks[0].Coding);
    }

    [Fact]
    public void PrunedLeNetStoresSignificanceFlagsAndRestoresExactly()
    {
        PrunedFixture fixture = LeNet.Value;
        NqzBody body = RoundTripBody(fixture.Build(SymbolCoding.Context, PrunedStorage.IndexDifferences));
        for (int t = 0; t < body.Tensors.Count; t++)
        {
            Assert.Null(body.Tensors[t].Positions);
            Assert.Equal(fixture.Pruned[t] != null, body.Tensors[t].Significance != null);
        }
        Assert.Equal((ulong)fixture.Quantization.Assignment.Length, body.Codebooks[0].SymbolCount); // no fillers
        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);
        IReadOnlyList<float[]> expected = fixture.Expected();
        for (int t = 0; t < decoded.Count; t++)
            Assert.Equal(expected[t].Select(BitConverter.SingleToInt32Bits), decoded[t].Values.Select(BitConverter.SingleToInt32Bits));
        NqzDecoder.Verify(body, "context.nqz");
        NqzDecoder.DecodeModel(body, "context.nqz");
    }

    [Fact]
    public void SignificanceFlagsCostLessThanIndexDifferencesOnPrunedLeNet()
    {
        PrunedFixture fixture = LeNet.Value;
        NqzBody context = fixture.Build(SymbolCoding.Context, PrunedStorage.IndexDifferences);
        NqzBody gaps = fixture.Build(SymbolCoding.Huffman, PrunedStorage.IndexDifferences);
        long flagBits = context.Tensors.Sum(t => (long)(t.Significance?.Stream.Length ?? 0) * 8);
        long gapBits = gaps.Tensors.Sum(t => (long)(t.Positions?.StreamBits ?? 0) + (t.Positions?.CodeLengths.Sum(l => (long)l) ?? 0));
        Assert.True(flagBits < gapBits, $"significance {flagBits} bits, index differences {gapBits}");
    }

    [Fact]
    public void ZeroClusterStorageCodesEveryElementWithContexts()
    {
        PrunedFixture fixture = LeNet.Value;
        NqzBody body = RoundTripBody(fixture.Build(SymbolCoding.Context, PrunedStorage.ZeroCluster));
        Assert.All(body.Tensors, t => Assert.True(t.Positions == null && t.Significance == null));
        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);
        Assert.Equal(fixture.Expected(), decoded.Select(t => t.Values));
    }

    [Fact]
    public void IndicesReadInChunksEqualTheWholeDecode()
    {
        NqzBody body = LeNet.Value.Build(SymbolCoding.Context, PrunedStorage.IndexDifferences);
        long[] segments = CodedIndices.Segments(body, 0);
        int[] whole = CodedIndices.Decode(body.Codebooks[0], 0, segments);
        var reader = new CodedIndices.IndexReader(body.Codebooks[0], 0, segments);
        var read = new List<int>();
        for (int done = 0; done < whole.Length; done += 1000)
        {
            var part = new int[Math.Min(1000, whole.Length - done)];
            reader.Read(part);
            read.AddRange(part);
        }
        reader.Finish();
        Assert.Equal(whole, read);
    }

    [Fact]
    public void ATruncatedIndexStreamIsCorrupt()
    {
        NqzBody body = ContainerFixture.Create(inputs: 16, outputs: 12, cells: 6).Build(SymbolCoding.Context);
        Codebook codebook = body.Codebooks[0];
        codebook.Stream = ByteString.CopyFrom(codebook.Stream.Span[..^1]);
        codebook.StreamBits -= 8;
        AssertRefused(body, "truncated");
    }

    [Fact]
    public void AStreamOfMoreSymbolsThanDeclaredIsCorrupt()
    {
        NqzBody body = ContainerFixture.Create(inputs: 16, outputs: 12, cells: 6).Build(SymbolCoding.Context);
        Codebook codebook = body.Codebooks[0];
        long[] segments = CodedIndices.Segments(body, 0);
        int[] symbols = CodedIndices.Decode(codebook, 0, segments);
        // The same indices and 200 more in the last tensor's segment, behind the declared counts.
        int[] more = [.. symbols, .. Enumerable.Range(0, 200).Select(i => i % 6)];
        segments[^1] += 200;
        byte[] stream = ContextIndexCoder.Encode(more, segments, SharedValues.Count(codebook));
        codebook.Stream = ByteString.CopyFrom(stream);
        codebook.StreamBits = (ulong)stream.Length * 8;
        AssertRefused(body, "corrupt context-coded stream");
    }

    [Fact]
    public void BytesThatDriveEveryModelToItsLimitEndInAnErrorNotACrash()
    {
        // Runs of 0xFF and 0x00 push every estimate to its floor or ceiling: the coder's arithmetic must stay in range and the
        // stream must be refused at its end.
        foreach (byte fill in new byte[] { 0x00, 0xFF, 0x7F })
        {
            NqzBody body = LeNet.Value.Build(SymbolCoding.Context, PrunedStorage.IndexDifferences);
            Codebook codebook = body.Codebooks[0];
            byte[] stream = Enumerable.Repeat(fill, codebook.Stream.Length).ToArray();
            stream[0] = 0x12;
            codebook.Stream = ByteString.CopyFrom(stream);
            AssertRefused(body, "context-coded stream");
            QuantizedTensor pruned = body.Tensors.First(t => t.Significance != null);
            pruned.Significance.Stream = ByteString.CopyFrom(stream[..Math.Max(4, pruned.Significance.Stream.Length)]);
            Assert.Throws<NqzFormatException>(() => NqzDecoder.DecodeTensors(RoundTripBody(body)));
        }
    }

    [Fact]
    public void SignificanceKeepingOtherThanDeclaredIsCorrupt()
    {
        NqzBody body = LeNet.Value.Build(SymbolCoding.Context, PrunedStorage.IndexDifferences);
        QuantizedTensor tensor = body.Tensors.First(t => t.Significance != null);
        // Flags that keep one element more than declared (the codebook's symbols are as declared).
        bool[] kept = new bool[TensorData.ElementCount(tensor.Dims)];
        foreach (int at in NqzDecoder.KeptPositions(tensor, kept.Length)!) kept[at] = true;
        kept[Array.IndexOf(kept, false)] = true;
        tensor.Significance.Stream = ByteString.CopyFrom(SignificanceCoder.Encode(kept, SignificanceLayout.Of(tensor.Dims.ToArray())));
        AssertRefused(body, "significance flags keep more than");
    }

    [Fact]
    public void ManyFlagsInAFewBytesAreRefusedBeforeDecoding()
    {
        NqzBody body = LeNet.Value.Build(SymbolCoding.Context, PrunedStorage.IndexDifferences);
        QuantizedTensor pruned = body.Tensors.First(t => t.Significance != null);
        pruned.Significance.Stream = ByteString.CopyFrom(new byte[4]);
        pruned.Dims[0] = 1 << 20;
        pruned.Dims[1] = 1 << 10;
        var error = Assert.Throws<NqzFormatException>(() => RoundTripBody(body));
        Assert.Contains("more elements than its codebook symbols or positions can describe", error.Message);
    }

    [Fact]
    public void PositionsAndSignificanceTogetherAreRefused()
    {
        PrunedFixture fixture = LeNet.Value;
        NqzBody body = fixture.Build(SymbolCoding.Context, PrunedStorage.IndexDifferences);
        NqzBody gaps = fixture.Build(SymbolCoding.Huffman, PrunedStorage.IndexDifferences);
        int t = body.Tensors.ToList().FindIndex(x => x.Significance != null);
        body.Tensors[t].Positions = gaps.Tensors[t].Positions;
        var error = Assert.Throws<NqzFormatException>(() => RoundTripBody(body));
        Assert.Contains("both positions and significance flags", error.Message);
    }

    [Fact]
    public void AOneValueCodebookTooPredictableForTheBoundIsHuffmanCoded()
    {
        // 300,000 indices of one value cost no decisions: the stream's 32 bits may hold at most 32,768 symbols.
        var model = OnnxModelFile.Load(RepoPaths.SampleModel);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        var quantization = new Quantize.Core.Clustering.Quantization([0.5f], new int[parameters.Sum(p => p.ElementCount)]);
        NqzBody body = NqzBuilder.Build(model, parameters, quantization, SymbolCoding.Context, ContainerFixture.Settings(1), ContainerFixture.Producer);
        Assert.Equal(SymbolCoding.Huffman, body.Codebooks[0].Coding);
        Assert.All(NqzDecoder.DecodeTensors(RoundTripBody(body)), t => Assert.All(t.Values, v => Assert.Equal(0.5f, v)));
    }

    static void AssertRefused(NqzBody body, string message)
    {
        NqzBody parsed = RoundTripBody(body);
        var error = Assert.Throws<NqzFormatException>(() => NqzDecoder.DecodeTensors(parsed));
        Assert.Contains(message, error.Message);
        Assert.Throws<NqzFormatException>(() => NqzDecoder.Verify(parsed, "context.nqz"));
    }
}
