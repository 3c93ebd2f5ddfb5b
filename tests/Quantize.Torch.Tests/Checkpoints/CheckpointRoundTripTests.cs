using Quantize.Format.SafeTensors;
using Quantize.Torch.Checkpoints;
using Quantize.Torch.Models;
using Quantize.Torch.Tests.Models;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Checkpoints;

/// <summary>
/// A checkpoint written by TorchSharp itself, or as a PyTorch-named safetensors state dict, imports to an
/// ONNX model that ONNX Runtime runs to the module's own outputs, with the architecture inferred from the keys.
/// </summary>
public class CheckpointRoundTripTests
{
    public CheckpointRoundTripTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("lenet5")]
    [InlineData("lenet-300-100")]
    [InlineData("resnet20")]
    [InlineData("resnet32")]
    public void TorchSharpSaveImportsToAnEquivalentOnnxModel(string architecture)
    {
        using var files = new TempFiles();
        using var model = Prepared(architecture);
        string path = files.File("model.dat");
        model.save(path);

        CheckpointImporter.Imported imported = CheckpointImporter.Import(path, "test");

        Assert.Equal(architecture, imported.Architecture.Name);
        Assert.Equal(InputShape.FashionMnist, imported.Input);
        AssertSameOutputs(model, imported);
    }

    [Fact]
    public void PyTorchNamedSafeTensorsWithoutMetadataImportByTheirKeys()
    {
        using var files = new TempFiles();
        using var model = Prepared("resnet20");
        Assert.Contains("layer1.0.bn1.num_batches_tracked", model.state_dict().Keys);
        string path = files.File("resnet.safetensors");
        PyTorchStyleSafeTensors.Write(path, model.state_dict().Select(p => (p.Key, p.Value)));

        CheckpointImporter.Imported imported = CheckpointImporter.Import(path, "test");

        Assert.Equal("resnet20", imported.Architecture.Name);
        AssertSameOutputs(model, imported);
    }

    [Fact]
    public void OurTorchSharpFileLoadsBackIntoTorchSharp()
    {
        using var files = new TempFiles();
        using var model = Prepared("resnet20");
        string path = files.File("ours.dat");
        CheckpointWriter.Write(path, model, "resnet20", InputShape.FashionMnist, "test");

        manual_seed(99);
        using var reloaded = ModelZoo.Get("resnet20").Create(InputShape.FashionMnist);
        reloaded.load(path);

        using Tensor pixels = ZooFixtures.TestPixels();
        Assert.Equal(OnnxRuntimeOutputs.Module(model, pixels), OnnxRuntimeOutputs.Module(reloaded, pixels));
    }

    [Fact]
    public void SafeTensorsMetadataCarriesArchitectureAndInputShape()
    {
        using var files = new TempFiles();
        manual_seed(3);
        using var model = ModelZoo.Get("lenet-300-100").Create(InputShape.Cifar);
        string path = files.File("cifar.safetensors");
        CheckpointWriter.Write(path, model, "lenet-300-100", InputShape.Cifar, "test");

        Assert.Equal("lenet-300-100", SafeTensorsFile.Read(path).Metadata[CheckpointFile.MetadataArch]);
        CheckpointImporter.Imported imported = CheckpointImporter.Import(path, "test");

        Assert.Equal(InputShape.Cifar, imported.Input);
        using Tensor pixels = rand(5, 3, 32, 32);
        OnnxRuntimeOutputs.AssertClose(OnnxRuntimeOutputs.Module(model, pixels), OnnxRuntimeOutputs.Run(imported.Model, pixels));
    }

    static nn.Module<Tensor, Tensor> Prepared(string architecture)
    {
        if (!architecture.StartsWith("resnet", StringComparison.Ordinal)) return ZooFixtures.Trained(architecture, 128);
        var model = ZooFixtures.Trained(architecture, 0);
        using Tensor calibration = ZooFixtures.TrainPixels(32);
        ZooFixtures.CalibrateBatchNorm(model, calibration);
        return model;
    }

    static void AssertSameOutputs(nn.Module<Tensor, Tensor> model, CheckpointImporter.Imported imported)
    {
        using Tensor pixels = ZooFixtures.TestPixels();
        OnnxRuntimeOutputs.AssertClose(OnnxRuntimeOutputs.Module(model, pixels), OnnxRuntimeOutputs.Run(imported.Model, pixels));
    }
}
