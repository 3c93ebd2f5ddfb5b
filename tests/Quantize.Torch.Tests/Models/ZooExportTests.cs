using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Models;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Models;

/// <summary>Each architecture's ONNX export computes what the TorchSharp module computes, according to ONNX Runtime.</summary>
public class ZooExportTests
{
    public ZooExportTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("lenet5", 256)]
    [InlineData("lenet-300-100", 512)]
    [InlineData("resnet20", 96)]
    public void OnnxRuntimeMatchesTheTrainedModule(string architecture, int trainingImages)
    {
        using var model = ZooFixtures.Trained(architecture, trainingImages);
        AssertExportMatches(architecture, model);
    }

    [Fact]
    public void OnnxRuntimeMatchesAnUntrainedResNet32WithCalibratedBatchNorm()
    {
        using var model = ZooFixtures.Trained("resnet32", 0);
        using (Tensor calibration = ZooFixtures.TrainPixels(64)) ZooFixtures.CalibrateBatchNorm(model, calibration);
        AssertExportMatches("resnet32", model);
    }

    [Theory]
    [InlineData("lenet-300-100", false, 266_610)] // 784·300+300 + 300·100+100 + 100·10+10
    [InlineData("resnet20", true, 272_474)]       // 269,722 of He et al.'s option A on CIFAR plus two 1×1 projections with their BatchNorms
    [InlineData("resnet32", true, 466_906)]       // ResNet-20 plus 2 basic blocks per stage
    [InlineData("resnet20", false, 272_186)]      // the stem's 3×3 conv sees 1 channel instead of 3: 2·16·9 fewer
    public void HasTheArchitecturesParameterCount(string architecture, bool cifar, long expected)
    {
        using var model = ModelZoo.Get(architecture).Create(cifar ? InputShape.Cifar : InputShape.FashionMnist);
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ResNetNamesItsStateLikePyTorch()
    {
        using var model = ModelZoo.Get("resnet20").Create(InputShape.FashionMnist);
        var names = model.state_dict().Keys.ToHashSet();
        Assert.Contains("conv1.weight", names);
        Assert.Contains("layer1.0.bn1.running_mean", names);
        Assert.Contains("layer2.0.downsample.0.weight", names);
        Assert.Contains("layer3.2.bn2.running_var", names);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", names); // identity shortcut where the width and size stay
        Assert.Contains("fc.bias", names);
    }

    [Fact]
    public void ResNetExportKeepsBatchNormNodesAndRunsOnCifarShapedInput()
    {
        manual_seed(2);
        var input = InputShape.Cifar;
        using var model = ModelZoo.Get("resnet20").Create(input);
        using (Tensor calibration = rand(16, 3, 32, 32)) ZooFixtures.CalibrateBatchNorm(model, calibration);
        ModelProto onnx = ModelZoo.Get("resnet20").Export(model, input, "test");
        Assert.Equal(21, onnx.Graph.Node.Count(n => n.OpType == "Conv"));  // 19 3×3 convs + 2 projections
        Assert.Equal(21, onnx.Graph.Node.Count(n => n.OpType == "BatchNormalization"));
        Assert.Equal(9, onnx.Graph.Node.Count(n => n.OpType == "Add"));
        using Tensor pixels = rand(4, 3, 32, 32);
        OnnxRuntimeOutputs.AssertClose(OnnxRuntimeOutputs.Module(model, pixels), OnnxRuntimeOutputs.Run(onnx, pixels));
    }

    [Fact]
    public void LeNet5RefusesOtherInputShapes() =>
        Assert.Throws<ArgumentException>(() => ModelZoo.Get("lenet5").Create(InputShape.Cifar));

    static void AssertExportMatches(string architecture, nn.Module<Tensor, Tensor> model)
    {
        ModelProto onnx = ModelZoo.Get(architecture).Export(model, InputShape.FashionMnist, "test");
        using Tensor pixels = ZooFixtures.TestPixels();
        float[] expected = OnnxRuntimeOutputs.Module(model, pixels);
        Assert.Contains(expected, v => Math.Abs(v) > 1e-3f); // a real, non-degenerate output
        OnnxRuntimeOutputs.AssertClose(expected, OnnxRuntimeOutputs.Run(onnx, pixels));
    }
}
