using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;

namespace Quantize.Onnx.Tests;

/// <summary>
/// The model with weights of every kind (float16, double, bfloat16, Constant node, If branches, external
/// file) goes through compress and decompress; ONNX Runtime runs the result.
/// </summary>
public class MixedWeightsOracleTests : IDisposable
{
    const int Clusters = 32;
    readonly TemporaryFolder folder = new();
    readonly string modelPath;

    public MixedWeightsOracleTests()
    {
        ModelProto model = MixedWeightsModel.Build();
        OnnxBuilder.Externalize(model.Graph.Initializer.Single(t => t.Name == MixedWeightsModel.ExternalWeight), folder.Path, "model.weights");
        modelPath = folder.File("model.onnx");
        OnnxModelFile.Save(model, modelPath);
    }

    public void Dispose() => folder.Dispose();

    static NamedOnnxValue[] Inputs(bool condition) =>
        [OrtRunner.Floats("x", OnnxBuilder.RandomValues(16, 99), 2, 8), OrtRunner.Scalar("cond", condition)];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadedModel_WithExternalDataInlined_RunsLikeTheFileInOnnxRuntime(bool condition)
    {
        float[] fromFile = OrtRunner.RunFile(modelPath, Inputs(condition));

        float[] fromLoaded = OrtRunner.Run(OnnxModelFile.Load(modelPath).ToByteArray(), Inputs(condition));

        Assert.Equal(fromFile, fromLoaded);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DecompressedModel_RunsLikeTheSourceWithItsQuantizedWeights(bool condition)
    {
        ModelProto source = OnnxModelFile.Load(modelPath);
        var roundTrip = new LibraryRoundTrip(source, Clusters);
        string decodedPath = folder.File("decoded.onnx");
        OnnxModelFile.Save(roundTrip.Decoded, decodedPath);

        float[] expected = OrtRunner.Run(roundTrip.Substituted.ToByteArray(), Inputs(condition));
        float[] actual = OrtRunner.RunFile(decodedPath, Inputs(condition));

        OutputAssert.Close(expected, actual);
        float[] original = OrtRunner.RunFile(modelPath, Inputs(condition));
        Assert.True(OutputAssert.MaxDifference(original, actual) > 10 * OutputAssert.Tolerance, "quantization should change the outputs measurably");
    }

    [Fact]
    public void RoundTrip_QuantizesEveryLearnedTensor_AndKeepsEverythingElse()
    {
        ModelProto source = OnnxModelFile.Load(modelPath);
        var roundTrip = new LibraryRoundTrip(source, Clusters);

        Assert.Equal(MixedWeightsModel.Learned, roundTrip.Parameters.Select(p => p.Name));
        IReadOnlyList<ParameterTensor> decoded = ModelParameters.Extract(roundTrip.Decoded);
        // Each tensor holds the shared values rounded to its own type (float16 and bfloat16 round differently).
        Assert.Equal(ModelParameters.Extract(roundTrip.Substituted).Select(p => p.Values), decoded.Select(p => p.Values));
        Assert.All(decoded, p => Assert.InRange(p.Values.Distinct().Count(), 1, Clusters));
        Assert.Equal(ModelParameters.WithoutData(source, MixedWeightsModel.Learned), ModelParameters.WithoutData(roundTrip.Decoded, MixedWeightsModel.Learned));
        Dictionary<string, TensorSite> before = ModelTensors.FloatingByIdentity(source), after = ModelTensors.FloatingByIdentity(roundTrip.Decoded);
        foreach (string name in MixedWeightsModel.Fixed) Assert.Equal(before[name].Tensor, after[name].Tensor);
        foreach (string name in MixedWeightsModel.Learned) Assert.Equal(before[name].Tensor.DataType, after[name].Tensor.DataType);
    }

    [Fact]
    public void Container_NoLongerRefersToTheExternalFile()
    {
        var roundTrip = new LibraryRoundTrip(OnnxModelFile.Load(modelPath), Clusters);

        ModelProto skeleton = ModelProto.Parser.ParseFrom(roundTrip.Skeleton);
        Assert.DoesNotContain(skeleton.Graph.Initializer, t => t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0);
        Assert.DoesNotContain("model.weights", roundTrip.Skeleton.ToStringUtf8(), StringComparison.Ordinal);
        Assert.DoesNotContain(roundTrip.Decoded.Graph.Initializer, ExternalData.IsExternal);
    }
}
