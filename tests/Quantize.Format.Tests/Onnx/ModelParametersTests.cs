using Google.Protobuf;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Tests.Support;
using Quantize.Tests.Shared;

namespace Quantize.Format.Tests.Onnx;

public class ModelParametersTests
{
    [Fact]
    public void Extract_ReturnsOnlyFloatInitializers_InGraphOrder_WithExactValues()
    {
        ModelProto model = SampleModels.Build(inputs: 4, outputs: 6, seed: 3);

        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(model);

        // The rank-0 'scale' is a fixed constant (docs/onnx.md, rule 2), whatever its storage.
        Assert.Equal([SampleModels.Weights, SampleModels.Bias], parameters.Select(p => p.Name));
        Assert.Equal([4L, 6L], parameters[0].Dims);
        FloatBits.AssertIdentical(SampleModels.WeightValues(4, 6, seed: 3), parameters[0].Values);
        Assert.Equal([6L], parameters[1].Dims);
        FloatBits.AssertIdentical(SampleModels.AwkwardBias, parameters[1].Values);
    }

    [Fact]
    public void Extract_ModelWithoutFloatInitializers_ThrowsOnnxFormatException()
    {
        ModelProto model = SampleModels.Build();
        foreach (string name in SampleModels.FloatInitializers) model.Graph.Initializer.Remove(SampleModels.Initializer(model, name));

        Assert.Throws<OnnxFormatException>(() => ModelParameters.Extract(model));
    }

    [Fact]
    public void Extract_RawDataOfWrongLength_ThrowsOnnxFormatException()
    {
        ModelProto model = SampleModels.Build();
        SampleModels.Initializer(model, SampleModels.Weights).RawData = ByteString.CopyFrom(1, 2, 3);

        var error = Assert.Throws<OnnxFormatException>(() => ModelParameters.Extract(model));

        Assert.Contains(SampleModels.Weights, error.Message);
    }

    [Fact]
    public void Extract_FloatDataOfWrongCount_ThrowsOnnxFormatException()
    {
        ModelProto model = SampleModels.Build();
        SampleModels.Initializer(model, SampleModels.Bias).FloatData.Add(1f);

        var error = Assert.Throws<OnnxFormatException>(() => ModelParameters.Extract(model));

        Assert.Contains(SampleModels.Bias, error.Message);
    }

    [Fact]
    public void Extract_ExternalData_ThrowsOnnxFormatException()
    {
        ModelProto model = SampleModels.Build();
        SampleModels.Initializer(model, SampleModels.Weights).DataLocation = TensorProto.Types.DataLocation.External;

        Assert.Throws<OnnxFormatException>(() => ModelParameters.Extract(model));
    }

    [Fact]
    public void WithValues_ReplacesTheNamedValuesAsRawData_AndKeepsEverythingElse()
    {
        ModelProto original = SampleModels.Build();
        float[] newWeights = Enumerable.Range(0, 24).Select(i => i * 0.25f - 3).ToArray();
        float[] newBias = [1, -2, 3, -4, 5, -6];

        ModelProto replaced = ModelParameters.WithValues(original,
            [new ParameterTensor(SampleModels.Weights, [4, 6], newWeights), new ParameterTensor(SampleModels.Bias, [6], newBias)]);

        Assert.Equal(SampleModels.LittleEndian(newWeights), SampleModels.Initializer(replaced, SampleModels.Weights).RawData.ToByteArray());
        TensorProto bias = SampleModels.Initializer(replaced, SampleModels.Bias);
        Assert.Equal(SampleModels.LittleEndian(newBias), bias.RawData.ToByteArray());
        Assert.Empty(bias.FloatData);
        Assert.Equal((int)TensorProto.Types.DataType.Float, bias.DataType);

        // Put the old payloads back: what remains must be the original model, field for field.
        ModelProto restored = replaced.Clone();
        SampleModels.Initializer(restored, SampleModels.Weights).RawData = SampleModels.Initializer(original, SampleModels.Weights).RawData;
        TensorProto restoredBias = SampleModels.Initializer(restored, SampleModels.Bias);
        restoredBias.ClearRawData();
        restoredBias.FloatData.Add(SampleModels.Initializer(original, SampleModels.Bias).FloatData);
        Assert.Equal(original, restored);
    }

    [Fact]
    public void WithValues_LeavesTheSourceModelUntouched()
    {
        ModelProto original = SampleModels.Build();
        byte[] before = original.ToByteArray();

        ModelParameters.WithValues(original, [new ParameterTensor(SampleModels.Scale, [], [9f])]);

        Assert.Equal(before, original.ToByteArray());
    }

    [Fact]
    public void WithValues_OfExtractedParameters_ReadsBackTheSameValues()
    {
        ModelProto original = SampleModels.Build();

        ModelProto copy = ModelParameters.WithValues(original, ModelParameters.Extract(original));

        IReadOnlyList<ParameterTensor> again = ModelParameters.Extract(copy);
        IReadOnlyList<ParameterTensor> expected = ModelParameters.Extract(original);
        for (int i = 0; i < expected.Count; i++) FloatBits.AssertIdentical(expected[i].Values, again[i].Values);
    }

    [Fact]
    public void WithValues_UnknownName_ThrowsOnnxFormatException()
    {
        var error = Assert.Throws<OnnxFormatException>(() =>
            ModelParameters.WithValues(SampleModels.Build(), [new ParameterTensor("missing", [1], [1f])]));

        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void WithValues_WrongValueCount_ThrowsOnnxFormatException()
    {
        Assert.Throws<OnnxFormatException>(() =>
            ModelParameters.WithValues(SampleModels.Build(), [new ParameterTensor(SampleModels.Bias, [5], new float[5])]));
    }

    [Fact]
    public void WithoutData_ClearsOnlyTheNamedInitializers()
    {
        ModelProto original = SampleModels.Build();

        ModelProto skeleton = ModelParameters.WithoutData(original, [SampleModels.Weights, SampleModels.Bias]);

        foreach (string name in new[] { SampleModels.Weights, SampleModels.Bias })
        {
            TensorProto tensor = SampleModels.Initializer(skeleton, name);
            Assert.False(tensor.HasRawData);
            Assert.Empty(tensor.FloatData);
            Assert.Equal((int)TensorProto.Types.DataType.Float, tensor.DataType);
            Assert.Equal(SampleModels.Initializer(original, name).Dims, tensor.Dims);
        }
        Assert.Equal(SampleModels.Initializer(original, SampleModels.Scale), SampleModels.Initializer(skeleton, SampleModels.Scale));
        Assert.Equal(SampleModels.Initializer(original, SampleModels.Shape), SampleModels.Initializer(skeleton, SampleModels.Shape));

        ModelProto restored = skeleton.Clone();
        SampleModels.Initializer(restored, SampleModels.Weights).RawData = SampleModels.Initializer(original, SampleModels.Weights).RawData;
        SampleModels.Initializer(restored, SampleModels.Bias).FloatData.Add(SampleModels.Initializer(original, SampleModels.Bias).FloatData);
        Assert.Equal(original, restored);
    }

    [Fact]
    public void WithoutData_IgnoresNamesThatAreNotInitializers()
    {
        ModelProto original = SampleModels.Build();

        Assert.Equal(original, ModelParameters.WithoutData(original, ["x", "nothing"]));
    }

    /// <summary>
    /// sweep codes several settings of one model on worker threads, each making a skeleton of the shared model. A skeleton
    /// made by clearing the model's tensors and putting them back let one thread clone another's half-restored model
    /// (a clean-clone CI run caught a sweep whose container sizes changed from run to run).
    /// </summary>
    [Fact]
    public void WithoutData_FromManyThreadsAtOnce_NeverChangesTheModelItReads()
    {
        ModelProto model = OnnxModelFile.Load(RepoPaths.SampleModel);
        ModelProto pristine = model.Clone();
        string[] learned = ModelParameters.Extract(model).Select(p => p.Name).ToArray();
        ModelProto expected = ModelParameters.WithoutData(model, learned);

        ModelProto[] skeletons = new ModelProto[20000];
        Parallel.For(0, skeletons.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => skeletons[i] = ModelParameters.WithoutData(model, learned));

        Assert.Equal(pristine, model);
        Assert.All(skeletons, skeleton => Assert.Equal(expected, skeleton));
    }
}
