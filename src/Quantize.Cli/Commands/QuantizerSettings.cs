using System.CommandLine;
using System.CommandLine.Parsing;
using Quantize.Core.Clustering;

namespace Quantize.Cli.Commands;

/// <summary>
/// The options that choose and tune a quantizer (method, rate control, solver, start, centres), shared by
/// <c>compress</c> and <c>sweep</c>, and their translation into <see cref="QuantizerOptions"/>.
/// </summary>
public sealed class QuantizerSettings
{
    readonly int defaultBits;
    readonly Option<string> method = new("--method")
    {
        Description = "Quantizer: kmeans (Deep Compression's baseline), hkmeans (Hessian-weighted k-means, eq. 7), " +
                      "uniform (equal cells; best with Huffman codes), ecsq (iterative entropy-constrained, needs --rate)",
        DefaultValueFactory = _ => "uniform",
    };
    readonly Option<int?> bits;
    readonly Option<int?> clusters;
    readonly Option<double?> rate = new Option<double?>("--rate")
    {
        Description = "Target entropy in bits per parameter for uniform and ecsq (met by bisection on the step or on lambda). " +
                      "ecsq given --bits/--clusters instead targets the entropy of uniform cells of that count, so the two compare at equal rate",
        HelpName = "R",
    }.InRange(1e-6, QuantizerOptions.MaxRate);
    readonly Option<string?> solver = new("--solver")
    {
        Description = "kmeans/hkmeans: dp (default unless --init is given: the exact 1-D optimum by dynamic programming) or lloyd (the paper's heuristic)",
    };
    readonly Option<string?> init = new("--init") { Description = "Lloyd's start: linear (default, Deep Compression) or kmeans++" };
    readonly Option<string?> center = new("--center") { Description = "uniform: a cell's value is its plain mean (default) or its Hessian-weighted mean" };
    readonly Option<int> seed = new("--seed") { Description = "Seed for anything random (kmeans++)", DefaultValueFactory = _ => 1 };

    public QuantizerSettings(int defaultBits, int maxBits)
    {
        this.defaultBits = defaultBits;
        bits = new Option<int?>("--bits") { Description = $"Clusters as a bit width: k = 2^B (default {defaultBits} unless --clusters or --rate is given)", HelpName = "B" }.InRange(1, maxBits);
        clusters = new Option<int?>("--clusters") { Description = "Number of clusters k directly (instead of --bits)", HelpName = "K" }.InRange(1, 1 << maxBits);
        method.AcceptOnlyFromAmong("kmeans", "hkmeans", "uniform", "ecsq");
        solver.AcceptOnlyFromAmong("lloyd", "dp");
        init.AcceptOnlyFromAmong("linear", "kmeans++");
        center.AcceptOnlyFromAmong("mean", "weighted");
    }

    public void AddTo(Command command)
    {
        command.AddRange(method, bits, clusters, rate, solver, init, center, seed);
        command.Validators.Add(r =>
        {
            int given = new Symbol[] { bits, clusters, rate }.Count(o => r.GetResult((Option)o) is { Implicit: false });
            if (given > 1) r.AddError("give one of --bits, --clusters or --rate");
        });
    }

    /// <summary>Names of the quantizer options given on the command line (not defaulted), e.g. for a preset to refuse.</summary>
    public IEnumerable<string> GivenOptions(CommandResult result) =>
        new Option[] { method, bits, clusters, rate, solver, init, center }.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name);

    /// <summary>The options as given; a conflict (e.g. --rate with kmeans) surfaces when the quantizer is built.</summary>
    public QuantizerOptions Read(ParseResult result)
    {
        QuantizationMethod chosen = QuantizerNames.ParseMethod(result.GetValue(method)!);
        double? targetRate = result.GetValue(rate);
        int? k = result.GetValue(clusters) ?? (result.GetValue(bits) is { } b ? 1 << b : null);
        // Sensible default: 2^5 clusters unless a rate was given (for ecsq: the entropy uniform reaches with that many cells).
        if (k == null && targetRate == null) k = 1 << defaultBits;
        return new QuantizerOptions
        {
            Method = chosen,
            Clusters = k,
            Rate = targetRate,
            Solver = result.GetValue(solver) is { } s ? QuantizerNames.ParseSolver(s) : null,
            Initialization = result.GetValue(init) is { } i ? QuantizerNames.ParseInitialization(i) : null,
            Center = result.GetValue(center) is { } c ? QuantizerNames.ParseCenter(c) : null,
            Seed = result.GetValue(seed),
        };
    }
}
