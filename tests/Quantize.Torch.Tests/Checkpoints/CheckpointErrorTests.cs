using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Torch.Checkpoints;
using Quantize.Torch.Models;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Checkpoints;

/// <summary>Checkpoints that do not fit their architecture, or are not checkpoints, fail with messages naming the problem.</summary>
public class CheckpointErrorTests
{
    public CheckpointErrorTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void NamesMissingUnexpectedAndMisshapedKeys()
    {
        using var files = new TempFiles();
        List<ParameterTensor> state = LeNet300100State();
        state.RemoveAll(t => t.Name == "fc2.bias");
        int fc3 = state.FindIndex(t => t.Name == "fc3.weight");
        state[fc3] = state[fc3] with { Dims = [100, 10] };
        state.Add(new ParameterTensor("fc4.weight", [2], [1f, 2f]));
        string path = files.File("bad.safetensors");
        SafeTensorsFile.Write(path, state, new Dictionary<string, string> { [CheckpointFile.MetadataArch] = "lenet-300-100" });

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointImporter.Import(path, "test"));

        Assert.Contains("missing fc2.bias", error.Message);
        Assert.Contains("unexpected fc4.weight", error.Message);
        Assert.Contains("mis-shaped fc3.weight (file 100x10, lenet-300-100 needs 10x100)", error.Message);
    }

    [Fact]
    public void AnExplicitArchitectureOverridesInference()
    {
        using var files = new TempFiles();
        string path = files.File("lenet.safetensors");
        SafeTensorsFile.Write(path, LeNet300100State());

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointImporter.Import(path, "test", "resnet20"));

        Assert.Contains("does not fit resnet20", error.Message);
        Assert.Contains("missing conv1.weight", error.Message);
        Assert.Equal("lenet-300-100", CheckpointImporter.Import(path, "test").Architecture.Name);
    }

    [Fact]
    public void UnknownKeysSayWhichArchitecturesAreBuiltIn()
    {
        using var files = new TempFiles();
        string path = files.File("other.safetensors");
        SafeTensorsFile.Write(path, [new ParameterTensor("encoder.weight", [2, 2], [1f, 2f, 3f, 4f])]);

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointImporter.Import(path, "test"));

        Assert.Contains("cannot tell which architecture", error.Message);
        Assert.Contains("encoder.weight", error.Message);
        Assert.Contains("resnet20", error.Message);
    }

    [Fact]
    public void TruncatedTorchSharpFileIsRejected()
    {
        using var files = new TempFiles();
        string whole = files.File("whole.dat");
        manual_seed(1);
        using (var model = ModelZoo.Get("lenet-300-100").Create(InputShape.FashionMnist)) model.save(whole);
        byte[] bytes = File.ReadAllBytes(whole);
        string cut = files.File("cut.dat");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointImporter.Import(cut, "test"));

        Assert.Contains("not a valid TorchSharp checkpoint", error.Message);
        Assert.Equal(6, TorchSharpStateFile.Read(whole).Count);
    }

    [Fact]
    public void PyTorchPickleArchivesPointToSafeTensors()
    {
        using var files = new TempFiles();
        string path = files.File("model.pt");
        File.WriteAllBytes(path, [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0]);

        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointImporter.Import(path, "test"));

        Assert.Contains("safetensors", error.Message);
    }

    static List<ParameterTensor> LeNet300100State()
    {
        manual_seed(1);
        using var model = ModelZoo.Get("lenet-300-100").Create(InputShape.FashionMnist);
        return ModuleState.Read(model).ToList();
    }
}
