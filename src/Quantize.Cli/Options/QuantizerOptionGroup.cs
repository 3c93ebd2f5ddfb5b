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

    readonly Option<string> method = new Option<string>("--method")
    {
        Description = "Quantizer: kmeans (Deep Compression's baseline), hkmeans (Hessian-weighted k-means, eq. 7), " +
                      "uniform (equal cells; best with Huffman codes), ecsq (iterative entropy-constrained, needs --rate)",
        DefaultValueFactory = _ => "uniform",
    }.AcceptOnlyFromAmong([.. QuantizerNames.MethodNames]);
    readonly Option<int?> bits = new Option<int?>("--bits")
    {
        Description = $"Clusters as a bit width: k = 2^B (default {DefaultBits} unless --clusters or --rate is given)",
        HelpName = "B",
    }.InRange(1, MaxBits);
    readonly Option<int?> clusters = new Option<int?>("--clusters") { Description = "Number of clusters k directly (instead of --bits)", HelpName = "K" }.InRange(1, 1 << MaxBits);
    readonly Option<double?> rate = new Option<double?>("--rate")
    {
        Description = "Target entropy in bits per parameter for uniform and ecsq (met by bisection on the step or on lambda). " +
                      "ecsq given --bits/--clusters instead targets the entropy of uniform cells of that count, so the two compare at equal rate",
        HelpName = "R",
    }.InRange(1e-6, QuantizerOptions.MaxRate);
    readonly ClusteringOptionGroup clustering = new();

    public void AddTo(Command command)
    {
        command.AddRange(method, bits, clusters, rate);
        clustering.AddTo(command);
        command.Validators.Add(r =>
        {
            int given = new Option[] { bits, clusters, rate }.Count(o => r.GetResult(o) is { Implicit: false });
            if (given > 1) r.AddError("give one of --bits, --clusters or --rate");
        });
    }

    /// <summary>Names of the quantizer options given on the command line (not defaulted), e.g. for a preset to refuse.</summary>
    public IEnumerable<string> Given(CommandResult result) =>
        new Option[] { method, bits, clusters, rate }.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).Concat(clustering.Given(result));

    /// <summary>The options as given; a conflict (e.g. --rate with kmeans) surfaces when the quantizer is built.</summary>
    public QuantizerOptions Read(ParseResult result)
    {
        double? targetRate = result.GetValue(rate);
        int? k = result.GetValue(clusters) ?? (result.GetValue(bits) is { } b ? 1 << b : null);
        // Sensible default: 2^5 clusters unless a rate was given (for ecsq: the entropy uniform reaches with that many cells).
        if (k == null && targetRate == null) k = 1 << DefaultBits;
        var options = new QuantizerOptions { Method = QuantizerNames.ParseMethod(result.GetValue(method)!), Clusters = k, Rate = targetRate };
        return clustering.ApplyTo(options, result);
    }
}
