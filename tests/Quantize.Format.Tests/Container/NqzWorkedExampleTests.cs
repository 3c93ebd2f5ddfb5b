using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// The worked example of docs/format.md, byte for byte: six values in three clusters. The expected bytes
/// were computed by hand (and with a few lines of Python that know nothing of this code base).
/// </summary>
public class NqzWorkedExampleTests
{
    static readonly float[] Values = [-0.5f, 0.25f, -0.5f, -0.5f, 0.25f, 1.0f];

    static ModelProto ExampleModel()
    {
        var weights = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float };
        weights.Dims.Add([2, 3]);
        TensorData.WriteFloats(weights, Values);
        var graph = new GraphProto();
        graph.Initializer.Add(weights);
        return new ModelProto { IrVersion = 8, Graph = graph };
    }

    static NqzBody ExampleBody(SymbolCoding coding)
    {
        ModelProto model = ExampleModel();
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);
        Quantization quantization = new UniformQuantizer(3).Quantize(Values, []);
        var settings = new Settings { Method = "uniform", RequestedClusters = 3 };
        return NqzBuilder.Build(model, parameters, quantization, coding, settings, "ex");
    }

    [Fact]
    public void UniformQuantizer_GivesTheExamplesClusters()
    {
        Quantization quantization = new UniformQuantizer(3).Quantize(Values, []);

        Assert.Equal([-0.5f, 0.25f, 1.0f], quantization.Centers);
        Assert.Equal([0, 1, 0, 0, 1, 2], quantization.Assignment);
    }

    [Fact]
    public void Skeleton_IsTheModelWithoutTheWeights()
    {
        NqzBody body = ExampleBody(SymbolCoding.Huffman);

        Assert.Equal(Convert.FromHexString("08083a0b2a090802080310014201" + "77"), body.ModelSkeleton.ToByteArray());
    }

    [Fact]
    public void Huffman_CodebookAndStream_AreAsDocumented()
    {
        Codebook codebook = ExampleBody(SymbolCoding.Huffman).Codebooks[0];

        // Lengths 1, 2, 2 give the codewords 0, 10, 11; indices 0 1 0 0 1 2 become 0 10 0 0 10 11.
        Assert.Equal([1u, 2u, 2u], codebook.CodeLengths);
        Assert.Equal(9ul, codebook.StreamBits);
        Assert.Equal([0x45, 0x80], codebook.Stream.ToByteArray());
        Assert.Equal(Convert.FromHexString("0a0c000000bf0000803e0000803f" + "1001" + "1a03010202" + "2006" + "2809" + "32024580"), codebook.ToByteArray());
    }

    [Fact]
    public void Fixed_CodebookAndStream_AreAsDocumented()
    {
        Codebook codebook = ExampleBody(SymbolCoding.Fixed).Codebooks[0];

        // Two bits per index: 00 01 00 00 01 10.
        Assert.Empty(codebook.CodeLengths);
        Assert.Equal(12ul, codebook.StreamBits);
        Assert.Equal([0x10, 0x60], codebook.Stream.ToByteArray());
        Assert.Equal(Convert.FromHexString("0a0c000000bf0000803e0000803f" + "1002" + "2006" + "280c" + "32021060"), codebook.ToByteArray());
    }

    [Fact]
    public void Huffman_WholeFile_IsAsDocumented()
    {
        byte[] expected = Convert.FromHexString(
            "894e515a0d0a1a0a" +                                        // signature
            "0801" + "124a" +                                            // format_version 1; body, 74 bytes:
            "0a026578" +                                                 //   producer "ex"
            "120f" + "08083a0b2a09080208031001420177" +                  //   model_skeleton
            "1a07" + "0a0177" + "12020203" +                             //   tensor "w", dims [2, 3], codebook 0
            "221d" + "0a0c000000bf0000803e0000803f" + "1001" + "1a03010202" + "2006" + "2809" + "32024580" +
            "2a0b" + "0a07756e69666f726d" + "1003" +                     //   settings "uniform", 3
            "1a20" + "347ba5bc1e35cf75c36ec114876df37a496d99269f0bd27d732914751ae19820"); // body_sha256

        Assert.Equal(expected, NqzFile.ToBytes(ExampleBody(SymbolCoding.Huffman)));
    }

    [Fact]
    public void Fixed_WholeFile_IsAsDocumented()
    {
        byte[] expected = Convert.FromHexString(
            "894e515a0d0a1a0a" + "0801" + "1245" + "0a026578" + "120f08083a0b2a09080208031001420177" +
            "1a070a017712020203" + "2218" + "0a0c000000bf0000803e0000803f" + "1002" + "2006" + "280c" + "32021060" +
            "2a0b0a07756e69666f726d1003" +
            "1a20" + "f419665af6d90f24050a350808381607b94b691977d064643d913bf8b0300d5c");

        Assert.Equal(expected, NqzFile.ToBytes(ExampleBody(SymbolCoding.Fixed)));
    }

    [Theory]
    [InlineData(SymbolCoding.Huffman)]
    [InlineData(SymbolCoding.Fixed)]
    public void Example_DecodesToTheQuantizedValues(SymbolCoding coding)
    {
        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(ExampleBody(coding)), "example.nqz");

        ModelProto model = NqzDecoder.DecodeModel(body, "example.nqz");

        TensorProto weights = model.Graph.Initializer.Single();
        // Little-endian float32: -0.5 = 00 00 00 bf, 0.25 = 00 00 80 3e, 1.0 = 00 00 80 3f.
        Assert.Equal(Convert.FromHexString("000000bf0000803e000000bf000000bf0000803e0000803f"), weights.RawData.ToByteArray());
        Assert.Equal(Values, TensorData.ReadFloats(weights));
    }
}
