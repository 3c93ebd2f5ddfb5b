using System.CommandLine.Parsing;
using System.CommandLine;
using Quantize.Cli.Names;
using Quantize.Core.Scaling;

namespace Quantize.Cli.Options;

/// <summary>compress's and sweep's scale normalisation before the shared codebook (<c>--scale</c>), declared once.</summary>
public sealed class ScaleOptionGroup
{
    readonly Option<string> scale = new Option<string>("--scale")
    {
        Description = "Divide each tensor's weights by a scale before the shared codebook is fitted, and store the scales so the decoder " +
                      "multiplies back: none (the paper's codebook over raw weights), tensor (one RMS scale per tensor) or channel " +
                      "(one per output channel, per row of an embedding table; per tensor where there is no channel axis). A tensor of " +
                      "under 16384 elements gets a smaller scale (down to 1/8 of its RMS), so the shared grid is finer where bits are " +
                      "cheap. Importance weights are multiplied by s^2 so the objective stays the real distortion; the scales (float32) " +
                      "count in eq. (1). Default: channel with compress's default quantizer, else none",
        DefaultValueFactory = _ => ScaleNames.None,
    }.AcceptOnlyFromAmong([.. ScaleNames.All]);

    public void AddTo(Command command) => command.Add(scale);

    public ScaleMode Read(ParseResult result) => ScaleNames.Parse(result.GetValue(scale)!);

    /// <summary>Whether --scale was given on the command line (not defaulted).</summary>
    public bool Given(CommandResult result) => result.GetResult(scale) is { Implicit: false };
}
