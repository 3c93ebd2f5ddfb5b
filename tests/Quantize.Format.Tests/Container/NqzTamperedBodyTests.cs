using Google.Protobuf;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Onnx;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Bodies that are wrong inside but wrapped with a correct checksum, as a buggy or hostile writer would
/// make them: the validator or the decoder, not the checksum, must refuse them, always with
/// <see cref="NqzFormatException"/>.
/// </summary>
public class NqzTamperedBodyTests
{
    // 2x3 weights + 3 biases + 1 scale.
    const int ValueCount = 10;

    static NqzBody ValidBody() => ContainerFixture.Create(inputs: 2, outputs: 3, cells: 4).Build(SymbolCoding.Huffman);

    static Task<NqzFormatException> AssertRejectedAsync(Action<NqzBody> tamper, string problem)
    {
        NqzBody body = ValidBody();
        tamper(body);
        return ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(body), problem);
    }

    /// <summary>Replaces the codebook by one with the given values, coding and stream, still declaring every value.</summary>
    static Action<NqzBody> WithCodebook(int k, SymbolCoding coding, uint[] lengths, string bits) => body =>
    {
        var codebook = new Codebook { Coding = coding, SymbolCount = ValueCount };
        codebook.Values.Add(Enumerable.Range(0, k).Select(i => i * 0.5f));
        codebook.CodeLengths.Add(lengths);
        (codebook.Stream, codebook.StreamBits) = Bits(bits);
        body.Codebooks[0] = codebook;
    };

    /// <summary>A stream from a string of '0' and '1', packed most significant bit first, zero-padded.</summary>
    static (ByteString Stream, ulong StreamBits) Bits(string bits)
    {
        var bytes = new byte[(bits.Length + 7) / 8];
        for (int i = 0; i < bits.Length; i++)
            if (bits[i] == '1') bytes[i / 8] |= (byte)(0x80 >> (i % 8));
        return (ByteString.CopyFrom(bytes), (ulong)bits.Length);
    }

    static string Repeat(string pattern, int times) => string.Concat(Enumerable.Repeat(pattern, times));

    [Fact]
    public async Task TheUntamperedBody_IsAccepted()
    {
        Assert.Null(await ContainerBytes.TryDecodeAsync(ContainerBytes.Wrap(ValidBody())));
        Assert.Equal((ulong)ValueCount, ValidBody().Codebooks[0].SymbolCount);
    }

    [Fact]
    public async Task HandMadeCodebooks_ThatFollowTheRules_AreAccepted()
    {
        // The helpers below make bad codebooks from good ones; these good ones show the helpers are sound.
        foreach (Action<NqzBody> tamper in new[]
        {
            WithCodebook(3, SymbolCoding.Huffman, [1, 2, 2], Repeat("0", 7) + "10" + "11" + "0"),
            WithCodebook(3, SymbolCoding.Huffman, [1, 2, 0], Repeat("10", ValueCount)),
            WithCodebook(3, SymbolCoding.Fixed, [], Repeat("10", ValueCount)),
            WithCodebook(1, SymbolCoding.Fixed, [], Repeat("0", ValueCount)),
            WithCodebook(2, SymbolCoding.Huffman, [1, 0], Repeat("0", ValueCount)),
            // The first 32-bit codeword is 1 followed by 31 zeros.
            WithCodebook(3, SymbolCoding.Huffman, [1, 32, 32], Repeat("0", ValueCount - 1) + "1" + Repeat("0", 31)),
        })
        {
            NqzBody body = ValidBody();
            tamper(body);
            Assert.Null(await ContainerBytes.TryDecodeAsync(ContainerBytes.Wrap(body)));
        }
    }

    [Fact]
    public Task NoCodebooks() => AssertRejectedAsync(b => b.Codebooks.Clear(), "no codebooks");

    [Fact]
    public Task NoTensors() => AssertRejectedAsync(b => b.Tensors.Clear(), "no quantized tensors");

    [Fact]
    public Task CodebookWithZeroValues() => AssertRejectedAsync(b => b.Codebooks[0].Values.Clear(), "0 values");

    [Fact]
    public Task CodebookOverTheSizeLimit() =>
        AssertRejectedAsync(b => b.Codebooks[0].Values.Add(new float[NqzLimits.MaxCodebookSize]), "values (allowed 1..");

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public Task NonFiniteSharedValue(float value) => AssertRejectedAsync(b => b.Codebooks[0].Values[0] = value, "non-finite");

    [Fact]
    public Task MoreCodeLengthsThanValues() => AssertRejectedAsync(b => b.Codebooks[0].CodeLengths.Add(3), "code lengths for");

    [Fact]
    public Task FewerCodeLengthsThanValues() =>
        AssertRejectedAsync(b => b.Codebooks[0].CodeLengths.RemoveAt(b.Codebooks[0].CodeLengths.Count - 1), "code lengths for");

    [Fact]
    public Task CodeLengthOfForty() => AssertRejectedAsync(b => b.Codebooks[0].CodeLengths[0] = 40, "code length of 40");

    [Theory]
    [InlineData(SymbolCoding.Unspecified)]
    [InlineData((SymbolCoding)7)]
    public Task UnknownCoding(SymbolCoding coding) => AssertRejectedAsync(b => b.Codebooks[0].Coding = coding, "unknown coding");

    [Fact]
    public Task FixedCodingWithCodeLengths() => AssertRejectedAsync(b => b.Codebooks[0].Coding = SymbolCoding.Fixed, "lists code lengths");

    [Theory]
    [InlineData(1ul)]
    [InlineData(1ul << 40)]
    public Task SymbolCountLargerThanStreamBits(ulong excess) =>
        AssertRejectedAsync(b => b.Codebooks[0].SymbolCount = b.Codebooks[0].StreamBits + excess, "symbols in");

    [Fact]
    public Task SymbolCountOfUlongMax() => AssertRejectedAsync(b => b.Codebooks[0].SymbolCount = ulong.MaxValue, "symbols in");

    [Fact]
    public Task StreamBitsBeyondTheStream() =>
        AssertRejectedAsync(b => b.Codebooks[0].StreamBits = (ulong)b.Codebooks[0].Stream.Length * 8 + 1, "stream bits");

    [Fact]
    public Task StreamBitsOfUlongMax() => AssertRejectedAsync(b => b.Codebooks[0].StreamBits = ulong.MaxValue, "stream bits");

    [Fact]
    public Task StreamLongerThanItsBitsNeed() =>
        AssertRejectedAsync(b => b.Codebooks[0].Stream = ByteString.CopyFrom([.. b.Codebooks[0].Stream.ToByteArray(), 0]), "stream bits");

    [Fact]
    public Task TensorNamingAMissingCodebook() => AssertRejectedAsync(b => b.Tensors[1].Codebook = 1, "does not exist");

    [Fact]
    public Task DuplicateTensorNames() => AssertRejectedAsync(b => b.Tensors[2].Name = b.Tensors[0].Name, "appears twice");

    [Fact]
    public Task TensorDimsCoveringFewerValuesThanTheSymbols() => AssertRejectedAsync(b => b.Tensors[1].Dims[0] = 2, "symbols but its tensors have");

    [Fact]
    public Task TensorDimsCoveringMoreValuesThanTheSymbols() => AssertRejectedAsync(b => b.Tensors[1].Dims[0] = 4, "symbols but its tensors have");

    [Fact]
    public Task TensorAloneLargerThanAllTheSymbols() => AssertRejectedAsync(b => b.Tensors[1].Dims[0] = ValueCount + 1, "more elements than");

    [Fact]
    public Task TensorWithoutTheLastSymbol() => AssertRejectedAsync(b => b.Tensors.RemoveAt(2), "symbols but its tensors have");

    [Theory]
    [InlineData(1L << 40, 1L << 40)]
    [InlineData(long.MaxValue, 2L)]
    [InlineData(2L, long.MaxValue)]
    [InlineData(1L << 32, 1L << 32)]
    public Task DimsWhoseProductOverflows(long first, long second) =>
        AssertRejectedAsync(b => { b.Tensors[0].Dims.Clear(); b.Tensors[0].Dims.Add([first, second]); }, "more elements than");

    [Fact]
    public Task NegativeDimension() => AssertRejectedAsync(b => b.Tensors[1].Dims[0] = -3, "negative");

    [Fact]
    public Task RankAboveTheLimit() =>
        AssertRejectedAsync(b => b.Tensors[2].Dims.Add(Enumerable.Repeat(1L, NqzLimits.MaxTensorRank + 1)), "rank");

    [Fact]
    public Task OverSubscribedCode() =>
        AssertRejectedAsync(WithCodebook(3, SymbolCoding.Huffman, [1, 1, 1], Repeat("0", ValueCount)), "over-subscribed");

    [Fact]
    public Task SingleUsedSymbolWithLongerCode() =>
        AssertRejectedAsync(WithCodebook(2, SymbolCoding.Huffman, [0, 2], Repeat("00", ValueCount)), "corrupt index stream");

    [Fact]
    public Task CodeWithNoSymbols() =>
        AssertRejectedAsync(WithCodebook(2, SymbolCoding.Huffman, [0, 0], Repeat("0", ValueCount)), "corrupt index stream");

    [Fact]
    public Task GarbageThatMatchesNoCodewordOfAnIncompleteCode() =>
        // Lengths 1, 2 give the codewords 0 and 10; 11 belongs to no symbol.
        AssertRejectedAsync(WithCodebook(3, SymbolCoding.Huffman, [1, 2, 0], Repeat("11", ValueCount)), "corrupt index stream");

    [Fact]
    public Task FixedCodeWithAnIndexOfKOrMore() =>
        // Three values take two bits each; 11 would be index 3.
        AssertRejectedAsync(WithCodebook(3, SymbolCoding.Fixed, [], Repeat("10", ValueCount - 1) + "11"), "corrupt index stream");

    [Fact]
    public Task FixedCodeOfOneValueWithAOneBit() =>
        // One value still takes one bit per index, which must be 0.
        AssertRejectedAsync(WithCodebook(1, SymbolCoding.Fixed, [], Repeat("0", ValueCount - 1) + "1"), "corrupt index stream");

    [Fact]
    public Task StreamEndingInsideACodeword() =>
        AssertRejectedAsync(WithCodebook(3, SymbolCoding.Huffman, [1, 2, 2], Repeat("0", ValueCount - 1) + "1"), "corrupt index stream");

    [Fact]
    public Task FixedStreamTooShort() =>
        AssertRejectedAsync(WithCodebook(4, SymbolCoding.Fixed, [], Repeat("01", ValueCount - 1) + "0"), "corrupt index stream");

    [Fact]
    public Task BitsLeftAfterTheLastSymbol() =>
        AssertRejectedAsync(WithCodebook(3, SymbolCoding.Huffman, [1, 2, 2], Repeat("0", ValueCount) + "0"), "unused bits");

    [Fact]
    public Task TensorNameAbsentFromTheSkeleton() => AssertRejectedAsync(b => b.Tensors[0].Name = "renamed.weight", "not an initializer");

    [Fact]
    public Task TensorShapeDifferentFromItsInitializer() =>
        AssertRejectedAsync(b => { b.Tensors[0].Dims.Clear(); b.Tensors[0].Dims.Add([3, 2]); }, "another shape");

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { (byte)'n', (byte)'o', (byte)'t', (byte)' ', (byte)'o', (byte)'n', (byte)'n', (byte)'x' })]
    public Task SkeletonThatIsNotOnnx(byte[] skeleton) =>
        AssertRejectedAsync(b => b.ModelSkeleton = ByteString.CopyFrom(skeleton), "is not an ONNX model");

    [Fact]
    public Task SkeletonWithoutIrVersion() =>
        AssertRejectedAsync(b =>
        {
            ModelProto model = ModelProto.Parser.ParseFrom(b.ModelSkeleton);
            model.ClearIrVersion();
            b.ModelSkeleton = model.ToByteString();
        }, "is not an ONNX model");

    [Fact]
    public Task SkeletonCutShort() =>
        AssertRejectedAsync(b => b.ModelSkeleton = ByteString.CopyFrom(b.ModelSkeleton.Span[..(b.ModelSkeleton.Length / 2)]), "is not an ONNX model");

    [Fact]
    public Task SkeletonWithTwoInitializersOfTheSameName() =>
        AssertRejectedAsync(b =>
        {
            ModelProto model = ModelProto.Parser.ParseFrom(b.ModelSkeleton);
            model.Graph.Initializer.Add(SampleModels.Initializer(model, SampleModels.Weights).Clone());
            b.ModelSkeleton = model.ToByteString();
        }, "invalid");

    [Fact]
    public Task TensorNamingANonFloatInitializer() =>
        AssertRejectedAsync(b =>
        {
            ModelProto model = ModelProto.Parser.ParseFrom(b.ModelSkeleton);
            SampleModels.Initializer(model, SampleModels.Scale).DataType = (int)TensorProto.Types.DataType.Int64;
            b.ModelSkeleton = model.ToByteString();
        }, "invalid");
}
