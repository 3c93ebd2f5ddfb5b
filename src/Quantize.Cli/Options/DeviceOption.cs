using System.CommandLine;
using Quantize.Torch;
using static TorchSharp.torch;

namespace Quantize.Cli.Options;

/// <summary>--device and --threads, for every command that runs a model with torch.</summary>
public sealed class DeviceOption
{
    public const string ThreadsName = "--threads";

    readonly Option<int?> threads = new Option<int?>(ThreadsName)
    {
        Description = "Threads for tensor work on the CPU (libtorch's kernels; default: one per core). Outputs are byte-identical for any count",
        HelpName = "N",
    }.InRange(1, 1024);

    readonly Option<string> device = new Option<string>("--device")
    {
        Description = "Where tensor work runs: cpu (default; bit-for-bit repeatable), auto (CUDA when this build and machine have it, else cpu) " +
                      "or cuda (needs a CUDA build, see docs/gpu.md)",
        DefaultValueFactory = _ => TorchDevices.Cpu,
    }.AcceptOnlyFromAmong([.. TorchDevices.Names]);

    public void AddTo(Command command) => command.AddRange(device, threads);

    /// <summary>The --device value as given (resolved to a device only when torch work starts).</summary>
    public string Read(ParseResult result) => result.GetValue(device)!;

    /// <summary>
    /// The --threads value of the command <paramref name="result"/> ran, if it has that option and it was given. Read once,
    /// where the command is invoked (<see cref="QuantizeApp"/>), so every command applies it the same way.
    /// </summary>
    public static int? Threads(ParseResult result) =>
        result.CommandResult.Command.Options.OfType<Option<int?>>().FirstOrDefault(o => o.Name == ThreadsName) is { } option
            ? result.GetValue(option)
            : null;

    /// <summary>The device for a --device value; one this build or machine cannot give fails with <see cref="TorchDeviceException"/> (exit 2).</summary>
    public static Device Resolve(string name) => TorchDevices.Resolve(name);
}
