using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Coding;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Onnx;
using Quantize.Format.Tests.Support;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.Container;

public class NqzRoundTripTests
{
    public static TheoryData<SymbolCoding, int> Codings => new()
    {
        { SymbolCoding.Huffman, 1 },
        { SymbolCoding.Fixed, 1 },
        { SymbolCoding.Huffman, 2 },
        { SymbolCoding.Huffman, 8 },
        { SymbolCoding.Huffman, 64 },
        { SymbolCoding.Fixed, 2 },
        { SymbolCoding.Fixed, 5 },
        { SymbolCoding.Fixed, 64 },
    };

    [Theory]
    [MemberData(nameof(Codings))]
    public void WriteThenRead_DecodesExactlyTheQuantizedValues(SymbolCoding coding, int cells)
    {
        using var folder = new TemporaryFolder();
        var fixture = ContainerFixture.Create(inputs: 16, outputs: 12, cells: cells, seed: cells);
        string path = folder.File("model.nqz");

        NqzFile.Write(path, fixture.Build(coding));
        NqzBody body = NqzFile.Read(path);
        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);

        IReadOnlyList<ParameterTensor> expected = fixture.Reconstructed();
        Assert.Equal(expected.Select(t => t.Name), decoded.Select(t => t.Name));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Dims, decoded[i].Dims);
            FloatBits.AssertIdentical(expected[i].Values, decoded[i].Values);
        }
        Assert.Equal(["model.nqz"], folder.FileNames());
    }

    [Theory]
    [MemberData(nameof(Codings))]
    public void DecodeModel_IsTheSourceModelWithTheQuantizedValues(SymbolCoding coding, int cells)
    {
        var fixture = ContainerFixture.Create(inputs: 16, outputs: 12, cells: cells);
        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(fixture.Build(coding)), "model.nqz");

        ModelProto decoded = NqzDecoder.DecodeModel(body, "model.nqz");

        // The int64 initializer, nodes and metadata come back as they were; quantized tensors as raw_data.
        Assert.Equal(ModelParameters.WithValues(fixture.Model, fixture.Reconstructed()), decoded);
        Assert.Equal(SampleModels.Initializer(fixture.Model, SampleModels.Shape), SampleModels.Initializer(decoded, SampleModels.Shape));
    }

    [Fact]
    public void Build_DescribesTheQuantizationAsTheSpecSays()
    {
        var fixture = ContainerFixture.Create(inputs: 16, outputs: 12, cells: 8);

        NqzBody body = fixture.Build(SymbolCoding.Huffman);

        Assert.Equal(ContainerFixture.Producer, body.Producer);
        Assert.Equal(ContainerFixture.Settings(fixture.Quantization.ClusterCount), body.Settings);
        Codebook codebook = Assert.Single(body.Codebooks);
        FloatBits.AssertIdentical(fixture.Quantization.Centers, codebook.Values);
        Assert.Equal((ulong)fixture.Quantization.Assignment.Length, codebook.SymbolCount);
        Assert.Equal(SampleModels.FloatInitializers, body.Tensors.Select(t => t.Name));
        Assert.All(body.Tensors, t => Assert.Equal(0u, t.Codebook));
        Assert.Equal(fixture.Parameters.Select(p => p.Dims), body.Tensors.Select(t => t.Dims.ToArray()));

        // Code lengths are those of an optimal code for the cluster sizes, and the stream holds exactly their bits.
        int[] optimal = HuffmanCodeLengths.Compute(fixture.Quantization.Counts, CanonicalHuffmanCode.MaxCodeLength);
        Assert.Equal(optimal.Select(l => (uint)l), codebook.CodeLengths);
        long bits = fixture.Quantization.Counts.Zip(optimal, (count, length) => count * length).Sum();
        Assert.Equal((ulong)bits, codebook.StreamBits);
        Assert.Equal((bits + 7) / 8, codebook.Stream.Length);
    }

    [Theory]
    [MemberData(nameof(Codings))]
    public void Stream_DecodedByTheReferenceDecoder_IsTheAssignment(SymbolCoding coding, int cells)
    {
        var fixture = ContainerFixture.Create(inputs: 16, outputs: 12, cells: cells);
        Codebook codebook = fixture.Build(coding).Codebooks[0];
        byte[] stream = codebook.Stream.ToByteArray();

        int[] symbols = coding == SymbolCoding.Huffman
            ? ReferenceStreamDecoder.Huffman(codebook.CodeLengths, stream, codebook.StreamBits, codebook.SymbolCount)
            : ReferenceStreamDecoder.Fixed(codebook.Values.Count, stream, codebook.StreamBits, codebook.SymbolCount);

        Assert.Equal(fixture.Quantization.Assignment, symbols);
        // Padding after the last meaningful bit is zero.
        int padding = (int)((ulong)stream.Length * 8 - codebook.StreamBits);
        if (padding > 0) Assert.Equal(0, stream[^1] & ((1 << padding) - 1));
    }

    [Fact]
    public void Skeleton_KeepsQuantizedInitializersWithoutData_AndOthersWithTheirData()
    {
        var fixture = ContainerFixture.Create();
        NqzBody body = fixture.Build(SymbolCoding.Huffman);

        ModelProto skeleton = ModelProto.Parser.ParseFrom(body.ModelSkeleton);

        Assert.Equal(ModelParameters.WithoutData(fixture.Model, SampleModels.FloatInitializers), skeleton);
        foreach (string name in SampleModels.FloatInitializers)
        {
            TensorProto tensor = SampleModels.Initializer(skeleton, name);
            Assert.False(tensor.HasRawData);
            Assert.Empty(tensor.FloatData);
        }
        Assert.Equal([-1L, 6L], SampleModels.Initializer(skeleton, SampleModels.Shape).Int64Data);
    }

    [Theory]
    [InlineData(SymbolCoding.Huffman)]
    [InlineData(SymbolCoding.Fixed)]
    public void Writing_IsDeterministic(SymbolCoding coding)
    {
        using var folder = new TemporaryFolder();
        string first = folder.File("first.nqz"), second = folder.File("second.nqz");

        NqzFile.Write(first, ContainerFixture.Create(seed: 9).Build(coding));
        NqzFile.Write(second, ContainerFixture.Create(seed: 9).Build(coding));

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(File.ReadAllBytes(first), NqzFile.ToBytes(NqzFile.Read(first)));
    }

    [Fact]
    public void File_IsTheSignatureThenAnEnvelopeOfVersionOneWithTheBodyChecksum()
    {
        NqzBody body = ContainerFixture.Create().Build(SymbolCoding.Huffman);

        byte[] file = NqzFile.ToBytes(body);

        Assert.Equal(ContainerBytes.Wrap(body), file);
        Assert.Equal(ContainerBytes.Signature, file[..8]);
    }

    [Fact]
    public void HuffmanCoding_WithOneCluster_UsesOneBitPerValue_AndRoundTrips()
    {
        ModelProto model = SampleModels.Build(inputs: 2, outputs: 3, bias: [0.5f, 0.5f, 0.5f]);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        var quantization = new Quantization([0.25f], new int[parameters.Sum(p => (int)p.ElementCount)]);

        NqzBody body = NqzBuilder.Build(model, parameters, quantization, SymbolCoding.Huffman, new Settings(), "test");
        NqzBody read = NqzFile.Parse(NqzFile.ToBytes(body), "one.nqz");

        Assert.Equal([1u], read.Codebooks[0].CodeLengths);
        Assert.Equal(read.Codebooks[0].SymbolCount, read.Codebooks[0].StreamBits);
        Assert.All(NqzDecoder.DecodeTensors(read).SelectMany(t => t.Values), v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void FixedCoding_WithOneCluster_UsesOneBitPerValue_AndRoundTrips()
    {
        using var folder = new TemporaryFolder();
        ModelProto model = SampleModels.Build(inputs: 2, outputs: 3, bias: [0.5f, 0.5f, 0.5f]);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        var quantization = new Quantization([0.25f], new int[parameters.Sum(p => (int)p.ElementCount)]);
        string path = folder.File("one.nqz");

        NqzFile.Write(path, NqzBuilder.Build(model, parameters, quantization, SymbolCoding.Fixed, new Settings(), "test"));
        NqzBody read = NqzFile.Read(path);

        // A zero-bit code would let a file declare any number of symbols in an empty stream.
        Assert.Equal(read.Codebooks[0].SymbolCount, read.Codebooks[0].StreamBits);
        Assert.All(NqzDecoder.DecodeTensors(read).SelectMany(t => t.Values), v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void UnknownFieldsOfTheSourceModel_SurviveCompression()
    {
        var fixture = ContainerFixture.Create();
        ModelProto model = fixture.Model.Clone();
        model.Graph.Node[1] = NodeProto.Parser.ParseFrom([.. model.Graph.Node[1].ToByteArray(), .. OnnxModelFileTests.UnknownFields(fieldNumber: 777)]);

        NqzBody body = NqzBuilder.Build(model, fixture.Parameters, fixture.Quantization, SymbolCoding.Huffman, new Settings(), "test");
        ModelProto decoded = NqzDecoder.DecodeModel(NqzFile.Parse(NqzFile.ToBytes(body), "x.nqz"), "x.nqz");

        Assert.Equal(model.Graph.Node[1].ToByteArray(), decoded.Graph.Node[1].ToByteArray());
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        using var folder = new TemporaryFolder();

        Assert.Throws<FileNotFoundException>(() => NqzFile.Read(folder.File("absent.nqz")));
    }

    [Fact]
    public void Read_FileOverTwoGibibytes_IsRefusedBeforeReading()
    {
        using var folder = new TemporaryFolder();
        string path = folder.File("huge.nqz");
        using (var stream = new FileStream(path, FileMode.CreateNew)) stream.SetLength(int.MaxValue + 1L);

        var error = Assert.Throws<NqzFormatException>(() => NqzFile.Read(path));

        Assert.Contains("2 GiB", error.Message);
    }
}
