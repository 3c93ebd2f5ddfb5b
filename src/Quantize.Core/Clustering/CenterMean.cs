namespace Quantize.Core.Clustering;

/// <summary>How a cluster's shared value is averaged from its members.</summary>
public enum CenterMean
{
    /// <summary>Plain mean [mean].</summary>
    Plain,

    /// <summary>Hessian-weighted mean Σh·w / Σh [weighted].</summary>
    Weighted,
}
