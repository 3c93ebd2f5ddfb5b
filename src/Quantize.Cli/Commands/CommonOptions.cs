using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Quantize.Cli.Pipeline;
using Quantize.Torch;
using static TorchSharp.torch;

namespace Quantize.Cli.Commands;

/// <summary>Options several commands share, defined once so their names and help read the same everywhere.</summary>
static class CommonOptions
{
    public static Option<string?> Data() => new("--data")
    {
        Description = "Folder with the dataset in IDX form (train-*/t10k-*-ubyte[.gz]). Default: $QUANTIZE_DATA, then " +
                      "/usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist), then the fashion-mnist folder beside the model, then samples/fashion-mnist",
        HelpName = "DIR",
    };

    public static Option<string> Device() => new Option<string>("--device")
    {
        Description = "Where tensor work runs: cpu (default; bit-for-bit repeatable), auto (CUDA when this build and machine have it, else cpu) " +
                      "or cuda (needs a CUDA build, see docs/gpu.md)",
        DefaultValueFactory = _ => TorchDevices.Cpu,
    }.AcceptOnlyFromAmong([.. TorchDevices.Names]);

    /// <summary>The device for a --device value (<see cref="DeviceChoice"/>).</summary>
    public static Device ResolveDevice(string name) => DeviceChoice.Resolve(name);

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print machine-readable results (snake_case JSON) on stdout instead of text",
    };

    public static Option<string> Output(string description) => new("--output", "-o")
    {
        Description = description,
        Required = true,
        HelpName = "FILE",
    };

    public static Argument<string> Model(string description) => new("model")
    {
        Description = description,
        HelpName = "MODEL",
    };

    public static void AddRange(this Command command, params Symbol[] symbols)
    {
        foreach (Symbol symbol in symbols)
        {
            if (symbol is Option option) command.Options.Add(option);
            else if (symbol is Argument argument) command.Arguments.Add(argument);
        }
    }

    /// <summary>Rejects values outside [min, max] at parse time with a message naming the option.</summary>
    public static Option<T> InRange<T>(this Option<T> option, T min, T max) where T : struct, IComparable<T>, IParsable<T>
    {
        option.Validators.Add(result => CheckRange(result, option.Name, min, max));
        return option;
    }

    /// <inheritdoc cref="InRange{T}(Option{T}, T, T)"/>
    public static Option<T?> InRange<T>(this Option<T?> option, T min, T max) where T : struct, IComparable<T>, IParsable<T>
    {
        option.Validators.Add(result => CheckRange(result, option.Name, min, max));
        return option;
    }

    // Reads the token itself: asking the result for a value that failed to convert would throw, and the
    // parser already reports that failure in its own words.
    static void CheckRange<T>(OptionResult result, string name, T min, T max) where T : struct, IComparable<T>, IParsable<T>
    {
        if (result.Tokens.Count != 1 || !T.TryParse(result.Tokens[0].Value, CultureInfo.InvariantCulture, out T value)) return;
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            result.AddError($"{name} must be between {min} and {max} (got {value})");
    }
}
