using Quantize.Tests.Shared;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using Quantize.Torch.Tests.Data;
using Quantize.Torch.Tests.Onnx.AnyOutput;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Evaluation;

/// <summary>Accuracy over named inputs with labels scores the shipped LeNet-5 on the Fashion-MNIST test files exactly as the image path does.</summary>
public class ModelDataAccuracyTests
{
    public ModelDataAccuracyTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void NamedInputsScoreAsImagesDo()
    {
        using var module = new OnnxGraphModule(ForeignModels.Lenet());
        (Tensor pixels, Tensor labels) = TestData.Test.Batch(Enumerable.Range(0, TestData.Test.Count).ToArray());
        var data = new InMemoryData(new Dictionary<string, Tensor> { [module.ImageInput] = pixels }, labels);
        AccuracyResult byName = Accuracy.TopOne(module, data);
        AccuracyResult byImage = Accuracy.TopOne(module, TestData.Test);
        Assert.Equal(byImage, byName);
        Assert.True(byName.Percent > 80, $"LeNet-5 scored {byName.Percent:F2}%");
    }

    [Fact]
    public void AccuracyNeedsLabelsAndClassScores()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        var data = new InMemoryData(AnyOutputData.EncoderInputs(2, 30), tensor(new long[] { 0, 1 }));
        Assert.Throws<IncompatibleModelException>(() => Accuracy.TopOne(module, data));
        using var lenet = new OnnxGraphModule(ForeignModels.Lenet());
        (Tensor pixels, _) = TestData.Test.Batch([0, 1]);
        Assert.Throws<ArgumentException>(() => Accuracy.TopOne(lenet, new InMemoryData(new Dictionary<string, Tensor> { [lenet.ImageInput] = pixels })));
    }
}
