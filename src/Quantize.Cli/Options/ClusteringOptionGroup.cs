using System.CommandLine;
using Quantize.Core.Clustering;

namespace Quantize.Cli.Options;

/// <summary>
/// The options that tune a quantizer whatever the rate (solver, start, centres, seed), shared by compress and sweep.
/// Each applies to some methods only; the quantizer options check the combination (a conflict fails before any work).
/// </summary>
public sealed class ClusteringOptionGroup
{
    public const int DefaultSeed = 1;

    readonly Option<string?> solver = new Option<string?>("--solver")
    {
        Description = "kmeans/hkmeans: dp (default unless --init is given: the exact 1-D optimum by dynamic programming) or lloyd (the paper's heuristic)",
    }.AcceptOnlyFromAmong([.. QuantizerNames.SolverNames]);
    readonly Option<string?> init = new Option<string?>("--init")
    {
        Description = "kmeans/hkmeans: Lloyd's start, linear (Deep Compression) or kmeans++; implies --solver lloyd",
    }.AcceptOnlyFromAmong([.. QuantizerNames.InitializationNames]);
    readonly Option<string?> center = new Option<string?>("--center")
    {
        Description = "uniform: a cell's value is its plain mean (default), its Hessian-weighted mean, or with --step its grid point (level x step, " +
                      "which the container stores as integer levels, about a byte each; the default of compress's own quantizer)",
    }.AcceptOnlyFromAmong([.. QuantizerNames.CenterNames]);
    readonly Option<int> seed = new("--seed") { Description = "Seed for anything random (kmeans++, the validation split compress --search carves)", DefaultValueFactory = _ => DefaultSeed };

    public void AddTo(Command command) => command.AddRange(solver, init, center, seed);

    /// <summary>Those of these options given on the command line (not defaulted), e.g. for a preset to refuse.</summary>
    public IEnumerable<string> Given(System.CommandLine.Parsing.CommandResult result) =>
        new Option[] { solver, init, center }.Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name);

    /// <summary>The chosen solver, start, centres and seed on top of <paramref name="options"/>.</summary>
    public QuantizerOptions ApplyTo(QuantizerOptions options, ParseResult result) => options with
    {
        Solver = result.GetValue(solver) is { } s ? QuantizerNames.ParseSolver(s) : null,
        Initialization = result.GetValue(init) is { } i ? QuantizerNames.ParseInitialization(i) : null,
        Center = result.GetValue(center) is { } c ? QuantizerNames.ParseCenter(c) : null,
        Seed = result.GetValue(seed),
    };
}
