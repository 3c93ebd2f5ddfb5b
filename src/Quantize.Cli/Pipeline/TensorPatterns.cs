using System.Text;
using System.Text.RegularExpressions;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Name patterns of <c>--keep</c>: <c>*</c> any run of characters (slashes too, so <c>If_0/*</c> takes a whole branch),
/// <c>?</c> one character, everything else literal; a pattern matches a tensor identity (docs/onnx.md) whole.
/// </summary>
public sealed class TensorPatterns
{
    readonly (string Pattern, Regex Regex)[] patterns;

    public TensorPatterns(IEnumerable<string> given) =>
        patterns = given.Select(p => (p, new Regex(ToRegex(p), RegexOptions.CultureInvariant | RegexOptions.Singleline))).ToArray();

    public static TensorPatterns None { get; } = new([]);

    public bool IsEmpty => patterns.Length == 0;

    public IEnumerable<string> Patterns => patterns.Select(p => p.Pattern);

    public bool Matches(string name) => patterns.Any(p => p.Regex.IsMatch(name));

    /// <summary>The patterns that match none of <paramref name="names"/> (most likely a typo).</summary>
    public IEnumerable<string> Unmatched(IReadOnlyCollection<string> names) =>
        patterns.Where(p => !names.Any(p.Regex.IsMatch)).Select(p => p.Pattern);

    static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (char c in pattern)
            regex.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        return regex.Append('$').ToString();
    }
}
