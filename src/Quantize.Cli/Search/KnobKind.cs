namespace Quantize.Cli.Search;

/// <summary>The one global knob a quantizer's size hangs on (the paper: one codebook over all layers at once).</summary>
public enum KnobKind
{
    /// <summary>A fixed-step grid's cell width (--step; in RMS units under --scale): wider cells, a smaller file.</summary>
    Step,

    /// <summary>The entropy target in bits per parameter (--rate, uniform and ecsq: the step or λ is found to meet it).</summary>
    Rate,

    /// <summary>The number of clusters k (kmeans, hkmeans).</summary>
    Clusters,
}
