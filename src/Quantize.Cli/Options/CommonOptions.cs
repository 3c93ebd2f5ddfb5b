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

    public static Argument<string> Model(string description) => new("model")
    {
        Description = description,
        HelpName = "MODEL",
    };
}
