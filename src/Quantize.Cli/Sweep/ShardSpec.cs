using System.Globalization;

namespace Quantize.Cli.Sweep;

/// <summary>
/// <c>--shard i/n</c>: shard i of n takes the units whose position in the canonical order is i − 1 modulo n.
/// Dealing units round-robin spreads slow methods and wide bit widths evenly over the shards.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    public bool Includes(int unitPosition) => unitPosition % Count == Index - 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <exception cref="UserInputException">Not of the form i/n with 1 ≤ i ≤ n.</exception>
    public static ShardSpec Parse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length != 2 || !TryParsePositive(parts[0], out int index) || !TryParsePositive(parts[1], out int count))
            throw new UserInputException($"--shard '{text}' is not of the form i/n (e.g. 1/4)");
        if (index > count)
            throw new UserInputException($"--shard {text}: the shard number must be between 1 and {count}");
        return new ShardSpec(index, count);
    }

    static bool TryParsePositive(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
}
