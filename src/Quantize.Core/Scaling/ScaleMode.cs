namespace Quantize.Core.Scaling;

/// <summary>How parameters are brought to one scale before a shared codebook is fitted (<c>--scale</c>).</summary>
public enum ScaleMode
{
    /// <summary>Values as they are: the paper's codebook over raw weights (and byte-identical to containers without scales).</summary>
    None,

    /// <summary>One scale per tensor.</summary>
    Tensor,

    /// <summary>One scale per output channel (per row of an embedding table) where the tensor has a channel axis, else per tensor.</summary>
    Channel,
}
