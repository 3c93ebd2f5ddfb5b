namespace Quantize.Core.Clustering;

/// <summary>The clustering methods the paper compares (command-line names in brackets).</summary>
public enum QuantizationMethod
{
    /// <summary>Plain k-means, the Deep Compression baseline [kmeans].</summary>
    KMeans,

    /// <summary>Hessian-weighted k-means, eq. 7 [hkmeans].</summary>
    HessianKMeans,

    /// <summary>Uniform cells, by count or by target entropy [uniform].</summary>
    Uniform,

    /// <summary>Iterative entropy-constrained scalar quantization [ecsq].</summary>
    Ecsq,
}
