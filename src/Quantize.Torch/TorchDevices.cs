using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch;

/// <summary>
/// Where tensor work runs. Users pick <c>auto</c>, <c>cpu</c> or <c>cuda</c>; the Torch side then follows the
/// model: training, fine-tuning, Hessian estimates and evaluation run on the device that holds the
/// model's parameters and move each batch there, so a caller chooses the device once, by moving the model.
/// </summary>
public static class TorchDevices
{
    public const string Auto = "auto";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    /// <summary>The names users type, the default first. CPU is the default: it is what CI runs and what repeats bit for bit.</summary>
    public static IReadOnlyList<string> Names { get; } = [Cpu, Auto, Cuda];

    /// <summary><c>auto</c> = CUDA when libtorch reports it available, else CPU; <c>cuda</c> without CUDA is an error that says how to get it.</summary>
    public static Device Resolve(string name)
    {
        string key = name?.Trim().ToLowerInvariant() ?? "";
        if (key is not (Auto or Cpu or Cuda))
            throw new TorchDeviceException($"unknown device '{name}'; choose one of {string.Join(", ", Names)}");
        TorchRuntime.EnsureLoaded();
        if (key == Cpu) return CPU;
        bool available = torch.cuda.is_available();
        if (available) return CUDA;
        if (key == Auto) return CPU;
        throw new TorchDeviceException(
            "--device cuda: CUDA is not available. This build carries the CPU build of libtorch (libtorch-cpu); " +
            "rebuild with 'dotnet build -p:TorchBackend=cuda' on a machine with an NVIDIA driver and CUDA 12.8 (see docs/gpu.md), or use --device cpu");
    }

    /// <summary>The device of the module's first parameter (CPU for a module without any).</summary>
    public static Device Of(nn.Module module)
    {
        foreach (TorchSharp.Modules.Parameter parameter in module.parameters()) return parameter.device;
        return CPU;
    }

    /// <summary>The tensor on the device: itself when it is already there (so CPU work is untouched), else a copy owned by the current dispose scope.</summary>
    public static Tensor On(this Tensor tensor, Device device) => IsOn(tensor, device) ? tensor : tensor.to(device);

    /// <summary>Like <see cref="On"/>, but a tensor that had to be copied is disposed: for freshly built tensors that only exist to be moved.</summary>
    internal static Tensor MoveTo(this Tensor tensor, Device device) => IsOn(tensor, device) ? tensor : tensor.to(device, disposeAfter: true);

    // Index -1 means "the current CUDA device", which is device 0 unless a caller changed it.
    static bool IsOn(Tensor tensor, Device device) =>
        tensor.device_type == device.type && (device.type != DeviceType.CUDA || tensor.device_index == Math.Max(device.index, 0));
}
