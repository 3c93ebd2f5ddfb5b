using System.CommandLine;

namespace Quantize.Cli.Options;

/// <summary>The model argument, output and --json options several commands share, so their names and help read the same everywhere.</summary>
static class CommonOptions
{
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

    public static Option<bool> WeightsOnly() => new("--weights-only")
    {
        Description = "Read a .safetensors MODEL as a plain set of tensors even where it is a checkpoint of a built-in architecture " +
                      "(docs/safetensors.md). Without it, a safetensors file is a checkpoint when its metadata names quantize.arch or its tensors " +
                      "are a built-in architecture's state dict; any other safetensors model (a folder, an index json) is weights only anyway",
    };

    public static Argument<string> Model(string description) => new("model")
    {
        Description = description,
        HelpName = "MODEL",
    };
}
