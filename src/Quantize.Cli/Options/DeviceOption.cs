using System.CommandLine;
using Quantize.Torch;
using static TorchSharp.torch;

namespace Quantize.Cli.Options;

/// <summary>--device, for every command that runs a model with torch.</summary>
public sealed class DeviceOption
{
    readonly Option<string> device = new Option<string>("--device")
    {
        Description = "Where tensor work runs: cpu (default; bit-for-bit repeatable), auto (CUDA when this build and machine have it, else cpu) " +
                      "or cuda (needs a CUDA build, see docs/gpu.md)",
        DefaultValueFactory = _ => TorchDevices.Cpu,
    }.AcceptOnlyFromAmong([.. TorchDevices.Names]);

    public void AddTo(Command command) => command.AddRange(device);

    /// <summary>The --device value as given (resolved to a device only when torch work starts).</summary>
    public string Read(ParseResult result) => result.GetValue(device)!;

    /// <summary>The device for a --device value; one this build or machine cannot give fails with <see cref="TorchDeviceException"/> (exit 2).</summary>
    public static Device Resolve(string name) => TorchDevices.Resolve(name);
}
