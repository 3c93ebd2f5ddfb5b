using static TorchSharp.torch;

namespace Quantize.Torch.Tests;

/// <summary>The devices this machine can run on, for theories: the CPU always, CUDA where the build and the machine have it.</summary>
static class TestDevices
{
    public static TheoryData<string> Available()
    {
        TorchRuntime.EnsureLoaded();
        var devices = new TheoryData<string> { TorchDevices.Cpu };
        if (cuda.is_available()) devices.Add(TorchDevices.Cuda);
        return devices;
    }
}
