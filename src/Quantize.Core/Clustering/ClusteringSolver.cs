namespace Quantize.Core.Clustering;

/// <summary>How k-means (plain or weighted) is solved.</summary>
public enum ClusteringSolver
{
    /// <summary>Lloyd's algorithm: the paper's method; a local optimum that depends on the start [lloyd].</summary>
    Lloyd,

    /// <summary>Exact 1-D dynamic program: the global optimum, up to a stated bound when binned [dp].</summary>
    DynamicProgramming,
}
