using Google.Protobuf;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Uniform;
using Quantize.Format.Container;
using Quantize.Format.Container.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Onnx;
using Quantize.Format.Tests.Support;

namespace Quantize.Format.Tests.Container;

/// <summary>
/// Several codebooks in one file, with tensors interleaved between them: each codebook's stream holds
/// the indices of the tensors that name it, in the order those tensors are listed.
/// </summary>
public class NqzMultipleCodebookTests
{
    static Codebook Encoded(SymbolCoding coding, float[] values, int[] indices)
    {
        var codebook = new Codebook { Coding = coding };
        codebook.Values.Add(values);
        CodedIndices.Encode(codebook, indices);
        return codebook;
    }

    static NqzBody InterleavedBody(ModelProto model)
    {
        var body = new NqzBody
        {
            Producer = "test",
            ModelSkeleton = ModelParameters.WithoutData(model, SampleModels.FloatInitializers).ToByteString(),
        };
        // Codebook 1 serves the weights (6 values) and then the scale (1 value); codebook 0 the bias.
        body.Codebooks.Add(Encoded(SymbolCoding.Fixed, [10f, 20f], [1, 0, 1]));
        body.Codebooks.Add(Encoded(SymbolCoding.Huffman, [-1f, 0f, 1f], [0, 1, 2, 2, 1, 0, 2]));
        body.Tensors.Add(Tensor(SampleModels.Weights, [2, 3], codebook: 1));
        body.Tensors.Add(Tensor(SampleModels.Bias, [3], codebook: 0));
        body.Tensors.Add(Tensor(SampleModels.Scale, [], codebook: 1));
        return body;
    }

    static QuantizedTensor Tensor(string name, long[] dims, uint codebook)
    {
        var tensor = new QuantizedTensor { Name = name, Codebook = codebook };
        tensor.Dims.Add(dims);
        return tensor;
    }

    [Fact]
    public void DecodeTensors_TakesEachTensorsIndicesFromItsOwnCodebookInListOrder()
    {
        ModelProto model = SampleModels.Build(inputs: 2, outputs: 3);
        NqzBody body = NqzFile.Parse(ContainerBytes.Wrap(InterleavedBody(model)), "two.nqz");

        IReadOnlyList<ParameterTensor> tensors = NqzDecoder.DecodeTensors(body);

        Assert.Equal([SampleModels.Weights, SampleModels.Bias, SampleModels.Scale], tensors.Select(t => t.Name));
        Assert.Equal([-1f, 0f, 1f, 1f, 0f, -1f], tensors[0].Values);
        Assert.Equal([20f, 10f, 20f], tensors[1].Values);
        Assert.Equal([1f], tensors[2].Values);
        Assert.Empty(tensors[2].Dims);
    }

    [Fact]
    public void DecodeModel_FillsEveryInitializerFromItsCodebook()
    {
        ModelProto model = SampleModels.Build(inputs: 2, outputs: 3);
        NqzBody body = NqzFile.Parse(ContainerBytes.Wrap(InterleavedBody(model)), "two.nqz");

        ModelProto decoded = NqzDecoder.DecodeModel(body, "two.nqz");

        Assert.Equal(ModelParameters.WithValues(model,
        [
            new ParameterTensor(SampleModels.Weights, [2, 3], [-1f, 0f, 1f, 1f, 0f, -1f]),
            new ParameterTensor(SampleModels.Bias, [3], [20f, 10f, 20f]),
            new ParameterTensor(SampleModels.Scale, [], [1f]),
        ]), decoded);
    }

    [Fact]
    public async Task ACodebookNoTensorUses_MustBeEmpty()
    {
        ModelProto model = SampleModels.Build(inputs: 2, outputs: 3);
        NqzBody unusedButEmpty = InterleavedBody(model);
        unusedButEmpty.Codebooks.Add(Encoded(SymbolCoding.Huffman, [5f], []));
        NqzBody unusedWithSymbols = InterleavedBody(model);
        unusedWithSymbols.Codebooks.Add(Encoded(SymbolCoding.Huffman, [5f], [0, 0]));

        Assert.Null(await ContainerBytes.TryDecodeAsync(ContainerBytes.Wrap(unusedButEmpty)));
        await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(unusedWithSymbols), "holds 2 symbols but its tensors have 0");
    }

    [Fact]
    public async Task SwappingTheCodebooksOfTwoTensors_IsCaughtByTheSymbolCounts()
    {
        NqzBody body = InterleavedBody(SampleModels.Build(inputs: 2, outputs: 3));
        body.Tensors[1].Codebook = 1;
        body.Tensors[2].Codebook = 0;

        await ContainerBytes.AssertRejectedAsync(ContainerBytes.Wrap(body), "symbols but its tensors have");
    }

    [Fact]
    public void GroupedBuild_WritesOneCodebookPerGroup_AndDecodesEachGroupsValues()
    {
        var fixture = ContainerFixture.Create(inputs: 8, outputs: 5);
        ParameterTensor weights = fixture.Parameters[0];
        ParameterTensor[] rest = [fixture.Parameters[1], fixture.Parameters[2]];
        Quantization weightClusters = new UniformQuantizer(4).Quantize(weights.Values, []);
        Quantization restClusters = new UniformQuantizer(2).Quantize(rest.SelectMany(p => p.Values).ToArray(), []);

        NqzBody built = NqzBuilder.Build(fixture.Model,
            [new CodedGroup([weights], weightClusters, SymbolCoding.Huffman), new CodedGroup(rest, restClusters, SymbolCoding.Fixed)],
            new Settings { Method = "uniform" }, "test");
        NqzBody body = NqzFile.Parse(NqzFile.ToBytes(built), "groups.nqz");
        IReadOnlyList<ParameterTensor> decoded = NqzDecoder.DecodeTensors(body);

        Assert.Equal(2, body.Codebooks.Count);
        Assert.Equal([0u, 1u, 1u], body.Tensors.Select(t => t.Codebook));
        Assert.Equal(SymbolCoding.Fixed, body.Codebooks[1].Coding);
        FloatBits.AssertIdentical(weightClusters.Reconstruct(), decoded[0].Values);
        FloatBits.AssertIdentical(restClusters.Reconstruct(), decoded[1].Values.Concat(decoded[2].Values));
    }
}
