using Quantize.Core.Clustering;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The Deep Compression baseline (Han et al. 2016) as compress runs it: layer-by-layer k-means from a linear
/// start (Lloyd), 2^8 clusters for convolution and 2^5 for fully connected layers, Huffman-coded indices, and
/// pruned positions as index differences of 8 (convolution) and 5 (fully connected) bits. Fine-tuning of the
/// centroids is compress's --fine-tune-epochs, the same step for every method so comparisons stay fair.
/// </summary>
public static class DeepCompressionPreset
{
    public const string Name = "deep-compression";
    public const int ConvBits = 8;
    public const int FcBits = 5;

    public static CompressRequest Apply(CompressRequest request) => request with
    {
        Quantizer = new QuantizerOptions
        {
            Method = QuantizationMethod.KMeans,
            Clusters = 1 << ConvBits, // layers that are neither convolution nor fully connected take the convolution width, as their positions do
            Solver = ClusteringSolver.Lloyd,
            Initialization = CenterInitialization.Linear,
            Seed = request.Quantizer.Seed,
        },
        PerLayer = true,
        ConvBits = ConvBits,
        FcBits = FcBits,
    };
}
