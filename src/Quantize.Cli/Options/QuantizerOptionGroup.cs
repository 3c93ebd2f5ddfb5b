using System.CommandLine.Parsing;
using System.CommandLine;
using Quantize.Core.Clustering;

namespace Quantize.Cli.Options;

/// <summary>
/// compress's choice of quantizer and rate (method, --bits | --clusters | --rate) with the shared
/// <see cref="ClusteringOptionGroup"/>, translated into <see cref="QuantizerOptions"/>. (sweep takes lists of
/// methods and bit widths instead, and the same clustering options.)
/// </summary>
public sealed class QuantizerOptionGroup
{
    public const int DefaultBits = 5;
    public const int MaxBits = 16;

    /// <summary>--method auto: with compress --search, every quantizer is searched and the smallest file kept.</summary>
    public const string Auto = "auto";

    readonly Option<string> method = new Option<string>("--method")
    {
        Description = "Quantizer: kmeans (Deep Compression's baseline), hkmeans (Hessian-weighted k-means, eq. 7), " +
                      "uniform (equal cells; best with Huffman codes), ecsq (iterative entropy-constrained, needs --rate), " +
                      "or auto with --search (search each and keep the smallest file)",
        DefaultValueFactory = _ => "uniform",
    }.AcceptOnlyFromAmong([.. QuantizerNames.MethodNames, Auto]);
    readonly Option<int?> bits = new Option<int?>("--bits")
    {
        Description = $"Clusters as a bit width: k = 2^B ({DefaultBits} when --method, --per-layer or --preset is given without a size; " +
                      "with no quantizer option, or only --scale tensor|channel, compress takes a fixed --step instead)",
        HelpName = "B",
    }.InRange(1, MaxBits);
    readonly Option<int?> clusters = new Option<int?>("--clusters") { Description = "Number of clusters k directly (instead of --bits)", HelpName = "K" }.InRange(1, 1 << MaxBits);
    readonly Option<double?> rate = new Option<double?>("--rate")
    {
        Description = "Target entropy in bits per parameter for uniform and ecsq (met by bisection on the step or on lambda). " +
                      "ecsq given --bits/--clusters instead targets the entropy of uniform cells of that count, so the two compare at equal rate",
        HelpName = "R",
    }.InRange(1e-6, QuantizerOptions.MaxRate);
    readonly Option<double?> step = new Option<double?>("--step")
    {
        Description = "uniform only: cells of width S centred on multiples of S (0 exact), a fixed distortion (S^2/12 per weight) " +
                      "rather than a count; the rate follows from the weights. Under --scale it is in units of each tensor's (channel's) " +
                      $"RMS: S = 0.1 is about 30.8 dB SQNR. Without --method/--bits/--clusters/--rate compress takes --step {SafeDefaults.Step.ToString(System.Globalization.CultureInfo.InvariantCulture)} with --scale channel",
        HelpName = "S",
    }.InRange(1e-9, 1e9);
    readonly ClusteringOptionGroup clustering = new();

    public void AddTo(Command command)
    {
        command.AddRange(method, bits, clusters, rate, step);
        clustering.AddTo(command);
        command.Validators.Add(r =>
        {
            int given = new Option[] { bits, clusters, rate, step }.Count(o => r.GetResult(o) is { Implicit: false });
            if (given > 1) r.AddError("give one of --bits, --clusters, --rate or --step");
        });
    }

    /// <summary>Names of the quantizer options given on the command line (not defaulted), e.g. for a preset to refuse.</summary>
    public IEnumerable<string> Given(CommandResult result) =>
        new Option[] { method, bits, clusters, rate, step }.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).Concat(clustering.Given(result));

    /// <summary>Whether the method or the size of its codebook (--bits, --clusters, --rate, --step) was given; if not, compress may choose both.</summary>
    public bool MethodOrSizeGiven(CommandResult result) =>
        new Option[] { method, bits, clusters, rate, step }.Any(o => result.GetResult(o) is { Implicit: false });

    /// <summary>Whether --method auto was given (only compress --search takes it).</summary>
    public bool IsAuto(ParseResult result) => result.GetValue(method) == Auto;

    /// <summary>The option itself, for a command's validators.</summary>
    public Option<string> Method => method;

    /// <summary>The options as given; a conflict (e.g. --rate with kmeans) surfaces when the quantizer is built.</summary>
    public QuantizerOptions Read(ParseResult result)
    {
        double? targetRate = result.GetValue(rate), cellStep = result.GetValue(step);
        int? k = result.GetValue(clusters) ?? (result.GetValue(bits) is { } b ? 1 << b : null);
        // 2^5 clusters unless a rate or step was given (for ecsq: the entropy uniform reaches with that many cells);
        // compress's safe default (SafeDefaults) replaces it when nothing about the quantizer was said.
        if (k == null && targetRate == null && cellStep == null) k = 1 << DefaultBits;
        // auto stands for every method; the search replaces this placeholder with each in turn.
        QuantizationMethod chosen = IsAuto(result) ? QuantizationMethod.Uniform : QuantizerNames.ParseMethod(result.GetValue(method)!);
        var options = new QuantizerOptions { Method = chosen, Clusters = k, Rate = targetRate, Step = cellStep };
        return clustering.ApplyTo(options, result);
    }
}
