using System.CommandLine;
using System.Text.RegularExpressions;

namespace Quantize.Cli.Sweep;

/// <summary>The command line as typed, quoted for a POSIX shell, so a report says exactly how to produce it again.</summary>
public static partial class CommandLineText
{
    public static string Of(ParseResult result) => "quantize " + string.Join(' ', result.Tokens.Select(t => Quote(t.Value)));

    public static string Quote(string word) =>
        word.Length > 0 && SafeWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:=,+@%-]+$")]
    private static partial Regex SafeWord();
}
