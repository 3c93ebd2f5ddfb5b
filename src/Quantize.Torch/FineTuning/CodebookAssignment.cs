using Quantize.Torch.Pruning;

namespace Quantize.Torch.FineTuning;

/// <summary>
/// One quantized parameter: its ONNX initializer name, the codebook it draws from, and per element (row-major)
/// the index of its cluster in that codebook, or <see cref="Pruned"/> for an element that stays exactly zero.
/// </summary>
public sealed record CodebookAssignment(string Name, int Codebook, int[] Clusters)
{
    public const int Pruned = -1;

    /// <summary>
    /// Per element, the scale its shared value is multiplied by (<c>--scale</c>: the element is centers[cluster]·s), or
    /// null when the element is the shared value itself.
    /// </summary>
    public float[]? Scales { get; init; }

    /// <summary>The clusters with every element the mask prunes set to <see cref="Pruned"/> (the input is not changed).</summary>
    public static CodebookAssignment WithMask(string name, int codebook, IReadOnlyList<int> clusters, PruningMask? mask)
    {
        if (mask != null && mask.Count != clusters.Count)
            throw new ArgumentException($"tensor '{name}' has {clusters.Count} cluster indices but its mask has {mask.Count}", nameof(mask));
        int[] result = clusters.ToArray();
        if (mask != null)
            for (int i = 0; i < result.Length; i++)
                if (!mask.Keep[i]) result[i] = Pruned;
        return new CodebookAssignment(name, codebook, result);
    }
}
