using Quantize.Core.Scaling;

namespace Quantize.Cli.Names;

/// <summary>The command-line names of the scale modes (<c>--scale</c>), both ways.</summary>
public static class ScaleNames
{
    public const string None = "none";
    public const string Tensor = "tensor";
    public const string Channel = "channel";

    public static readonly string[] All = [None, Tensor, Channel];

    public static ScaleMode Parse(string name) => name switch
    {
        None => ScaleMode.None,
        Tensor => ScaleMode.Tensor,
        Channel => ScaleMode.Channel,
        _ => throw new UserInputException($"unknown scale mode '{name}' (expected {string.Join(", ", All)})"),
    };

    public static string Of(ScaleMode mode) => mode switch
    {
        ScaleMode.Tensor => Tensor,
        ScaleMode.Channel => Channel,
        _ => None,
    };
}
