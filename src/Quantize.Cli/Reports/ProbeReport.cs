namespace Quantize.Cli.Reports;

/// <summary>
/// What the sensitivity probe of compress's default did: tensors measured and refined, the summed relative squared output
/// error of quantizing each alone at its size-based share (trial) and as predicted after refinement; or why it was skipped.
/// </summary>
public sealed record ProbeReport(string? SkippedBecause, int Measured, int Refined, double TrialError, double PredictedError)
{
    public static ProbeReport Skipped(string reason) => new(reason, 0, 0, 0, 0);

    /// <summary>What the model was run on: "synthetic inputs" or "N training samples".</summary>
    public string Inputs { get; init; } = "synthetic inputs";

    /// <summary>Tensors given a coarser share than their size-based one (the outputs barely depend on them).</summary>
    public int Coarsened { get; init; }

    /// <summary>The output error measured with every probed tensor quantized at once, at the shares chosen.</summary>
    public double JointError { get; init; }

    /// <summary>The summed error the shares were allocated for: the target, or a fraction of it where the joint run exceeded it.</summary>
    public double AllocationTarget { get; init; }

    /// <summary>When the probe was asked for and failed: the share every tensor's size-based one was multiplied by (a finer grid as a margin); else null.</summary>
    public double? BlindShare { get; init; }
}
