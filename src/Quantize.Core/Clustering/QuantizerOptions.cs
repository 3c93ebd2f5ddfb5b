using Quantize.Core.Clustering.Ecsq;
using Quantize.Core.Clustering.KMeans;

namespace Quantize.Core.Clustering;

/// <summary>
/// Everything that chooses and tunes a quantizer, in one place for the command line and sweeps.
/// Null means "the method's default". <see cref="Validate"/> explains any conflict in user terms.
/// </summary>
public sealed record QuantizerOptions
{
    /// <summary>Target rates above this are meaningless for 32-bit parameters.</summary>
    public const double MaxRate = 32;

    public QuantizationMethod Method { get; init; } = QuantizationMethod.HessianKMeans;

    /// <summary>Number of clusters k (kmeans, hkmeans) or of uniform cells.</summary>
    public int? Clusters { get; init; }

    /// <summary>Target entropy in bits per parameter (uniform, ecsq).</summary>
    public double? Rate { get; init; }

    /// <summary>Width of uniform's cells, centred on its multiples (<see cref="Uniform.FixedStepQuantizer"/>): a fixed distortion, not a count.</summary>
    public double? Step { get; init; }

    /// <summary>Lloyd (default) or the exact DP, for kmeans and hkmeans.</summary>
    public ClusteringSolver? Solver { get; init; }

    /// <summary>Seed for anything random (k-means++).</summary>
    public int Seed { get; init; }

    /// <summary>Lloyd's start: linear (default) or k-means++.</summary>
    public CenterInitialization? Initialization { get; init; }

    /// <summary>How shared values are found: fixed by kmeans (plain) and hkmeans/ecsq (weighted); uniform defaults to plain, and with a step may take its grid points.</summary>
    public CenterMean? Center { get; init; }

    /// <summary>Iteration limit of Lloyd (default 300) or of each ECSQ descent (default 100).</summary>
    public int? MaxIterations { get; init; }

    /// <summary>
    /// Most points the exact DP runs on (distinct values, else that many equal-width bins; default 2^16)
    /// or the ECSQ λ search runs on (all parameters, else an evenly strided sample; default 2^14).
    /// </summary>
    public int? MaxPoints { get; init; }

    /// <summary>
    /// The exact DP unless Lloyd is asked for (by name, or by giving Lloyd's start): on the sample it reaches
    /// 1–5× lower distortion than Lloyd at k = 4..256 in under two seconds (docs/results.md).
    /// </summary>
    public ClusteringSolver EffectiveSolver => Solver ?? (Initialization is null ? ClusteringSolver.DynamicProgramming : ClusteringSolver.Lloyd);

    public CenterInitialization EffectiveInitialization => Initialization ?? CenterInitialization.Linear;

    public int EffectiveMaxIterations => MaxIterations ?? (Method == QuantizationMethod.Ecsq ? EcsqQuantizer.DefaultMaxIterations : LloydQuantization.DefaultMaxIterations);

    /// <summary>Throws <see cref="QuantizationException"/> with a message meant for the person who chose the options.</summary>
    public void Validate()
    {
        string method = QuantizerNames.Of(Method);
        if (Clusters is < 1) Fail($"the number of clusters must be at least 1 (got {Clusters})");
        if (Rate is { } rate && (!(rate > 0) || rate > MaxRate)) Fail($"the target rate must be more than 0 and at most {MaxRate} bits per parameter (got {rate})");
        if (MaxIterations is < 1) Fail($"the iteration limit must be at least 1 (got {MaxIterations})");
        if (Step is { } step && !(step > 0 && double.IsFinite(step))) Fail($"the step must be a positive number (got {step})");
        if (Center == CenterMean.Grid && !(Method == QuantizationMethod.Uniform && Step is not null))
            Fail("grid centres are the points of a fixed-step grid: they need --method uniform with --step");
        if (Step is not null && Method != QuantizationMethod.Uniform) Fail($"a step (--step) sets uniform's cells; {method} takes {(Method == QuantizationMethod.Ecsq ? "a target rate" : "a number of clusters")}");
        if (MaxPoints is < 2) Fail($"the point limit must be at least 2 (got {MaxPoints})");

        switch (Method)
        {
            case QuantizationMethod.KMeans:
            case QuantizationMethod.HessianKMeans:
                if (Clusters is null) Fail($"{method} needs a number of clusters (--clusters or --bits)");
                if (Rate is not null) Fail($"{method} takes a number of clusters, not a target rate; --rate is for uniform and ecsq");
                CenterMean required = Method == QuantizationMethod.KMeans ? CenterMean.Plain : CenterMean.Weighted;
                if (Center is { } center && center != required)
                {
                    Fail($"{method} always uses {QuantizerNames.Of(required)} centres; use {(required == CenterMean.Plain ? "hkmeans" : "kmeans")} for {QuantizerNames.Of(center)} centres");
                }
                if (EffectiveSolver == ClusteringSolver.DynamicProgramming && Initialization is not null) Fail("--init applies to the lloyd solver; the dp solver needs no starting centres");
                if (EffectiveSolver == ClusteringSolver.Lloyd && MaxPoints is not null) Fail("the point limit applies to the dp solver and ecsq, not lloyd");
                break;
            case QuantizationMethod.Uniform:
                int sizes = (Clusters is null ? 0 : 1) + (Rate is null ? 0 : 1) + (Step is null ? 0 : 1);
                if (sizes != 1) Fail("uniform needs one of a number of cells (--clusters or --bits), a target rate (--rate) or a step (--step)");
                CheckNoSolver(method);
                if (MaxPoints is not null) Fail("the point limit applies to the dp solver and ecsq, not uniform");
                if (MaxIterations is not null) Fail("uniform does not iterate; an iteration limit does not apply");
                break;
            case QuantizationMethod.Ecsq:
                if (Rate is null) Fail("ecsq needs a target rate in bits per parameter (--rate)");
                if (Clusters is not null) Fail("ecsq finds its own number of clusters from the target rate; drop --clusters/--bits");
                CheckNoSolver(method);
                if (Center is CenterMean.Plain) Fail("ecsq always uses Hessian-weighted centres");
                break;
            default:
                Fail($"unknown method {Method}");
                break;
        }
    }

    void CheckNoSolver(string method)
    {
        if (Solver is not null) Fail($"--solver applies to kmeans and hkmeans, not {method}");
        if (Initialization is not null) Fail($"--init applies to kmeans and hkmeans with the lloyd solver, not {method}");
    }

    static void Fail(string message) => throw new QuantizationException(message);
}
