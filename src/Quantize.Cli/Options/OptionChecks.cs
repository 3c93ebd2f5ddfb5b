using System.CommandLine.Parsing;
using System.CommandLine;
using System.Globalization;

namespace Quantize.Cli.Options;

/// <summary>How every option group adds itself to a command and checks its numbers at parse time.</summary>
public static class OptionChecks
{
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
