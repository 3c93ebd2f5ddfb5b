namespace Quantize.Core.Clustering;

/// <summary>How a cluster's shared value is found from its members: averaged, or (a fixed-step grid) its own grid point.</summary>
public enum CenterMean
{
    /// <summary>Plain mean [mean].</summary>
    Plain,

    /// <summary>Hessian-weighted mean Σh·w / Σh [weighted].</summary>
    Weighted,

    /// <summary>
    /// uniform with a step only: no average, the cell's own grid point level × step [grid], so the codebook is integer levels
    /// and a step (<see cref="Uniform.GridLevels"/>), which a container stores in a byte or so per value instead of 32 bits.
    /// </summary>
    Grid,
}
