using System.CommandLine;

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
    public static Option<T> InRange<T>(this Option<T> option, T min, T max) where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            T value = result.GetValueOrDefault<T>();
            if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
                result.AddError($"{option.Name} must be between {min} and {max} (got {value})");
        });
        return option;
    }
}
