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
                      "(one per output channel, per row of an embedding table; per tensor where there is no channel axis). With compress's " +
                      "--step, a tensor of under 1/64 of the model's parameters gets a smaller scale (down to 1/8 of its RMS), so the fixed " +
                      "grid is finer where bits are cheap. Importance weights are multiplied by s^2 so the objective stays the real " +
                      "distortion; the scales, rounded to 3 mantissa bits before use and stored in a few bits each, count in eq. (1). Default: channel when compress picks its own quantizer " +
                      "(no --method/--bits/--clusters/--rate/--step, no --per-layer or --preset), else none",
    }.AcceptOnlyFromAmong([.. ScaleNames.All]);

    public void AddTo(Command command) => command.Add(scale);

    public ScaleMode Read(ParseResult result) => ScaleNames.Parse(result.GetValue(scale) ?? ScaleNames.None);

    /// <summary>Whether --scale was given on the command line (not defaulted).</summary>
    public bool Given(CommandResult result) => result.GetResult(scale) is { Implicit: false };
}
