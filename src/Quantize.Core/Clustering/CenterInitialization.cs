namespace Quantize.Core.Clustering;

/// <summary>How Lloyd's algorithm picks its starting centres.</summary>
public enum CenterInitialization
{
    /// <summary>k evenly spaced centres over [min, max] (Deep Compression's choice; keeps centres in the sparse tails where large weights live).</summary>
    Linear,

    /// <summary>k-means++ (Arthur and Vassilvitskii 2007): seeded D²-weighted sampling of data values.</summary>
    KMeansPlusPlus,
}
