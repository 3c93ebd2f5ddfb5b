using Quantize.Format.Onnx;
using Quantize.Tests.Shared;
using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests;

public class TorchDevicesTests
{
    public TorchDevicesTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void AutoPicksCudaExactlyWhenLibtorchReportsIt()
    {
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, TorchDevices.Resolve("auto").type);
        Assert.Equal(DeviceType.CPU, TorchDevices.Resolve(" CPU ").type);
    }

    [Fact]
    public void CudaWithoutCudaSaysHowToGetIt()
    {
        if (cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, TorchDevices.Resolve("cuda").type);
            return;
        }
        var error = Assert.Throws<TorchDeviceException>(() => TorchDevices.Resolve("cuda"));
        Assert.Contains("libtorch-cpu", error.Message);
        Assert.Contains("-p:TorchBackend=cuda", error.Message);
    }

    [Fact]
    public void UnknownNamesAreRejected()
    {
        var error = Assert.Throws<TorchDeviceException>(() => TorchDevices.Resolve("tpu"));
        Assert.Contains("auto", error.Message);
    }

    [Fact]
    public void InitializersFollowTheModuleWhenItsParametersAreReplaced()
    {
        // Moving a module (to another device or type) replaces its parameter objects; the ONNX names must follow.
        using var module = new OnnxGraphModule(OnnxModelFile.Load(RepoPaths.SampleModel));
        float[] before = module.Initializers.Values.SelectMany(p => p.data<float>().ToArray()).ToArray();
        module.to(ScalarType.Float64);
        Assert.Equal(module.parameters().ToArray(), module.Initializers.Values.ToArray());
        Assert.All(module.Initializers.Values, p => Assert.Equal(ScalarType.Float64, p.dtype));
        module.to(ScalarType.Float32);
        Assert.Equal(before, module.Initializers.Values.SelectMany(p => p.data<float>().ToArray()).ToArray());
    }

}
