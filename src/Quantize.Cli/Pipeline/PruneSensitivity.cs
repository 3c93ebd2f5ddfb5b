namespace Quantize.Cli.Pipeline;

/// <summary>How <c>prune --allocate</c> measures what pruning a layer costs.</summary>
public enum PruneSensitivity
{
    /// <summary>The layer's sum of h·w², h the Gauss–Newton Hessian diagonal on calibration images: Optimal Brain Damage's loss increase for removing the layer.</summary>
    Hessian,

    /// <summary>The accuracy lost on calibration images when the layer alone is pruned to the target ratio.</summary>
    Drop,
}
