namespace Quantize.Torch.Pruning;

/// <summary>Which elements of one named tensor survive pruning, in the tensor's row-major order.</summary>
public sealed class PruningMask
{
    public PruningMask(string name, bool[] keep)
    {
        Name = name;
        Keep = keep;
        Kept = keep.Count(k => k);
    }

    public string Name { get; }

    public bool[] Keep { get; }

    public int Count => Keep.Length;

    public int Kept { get; }

    public double KeptFraction => Count == 0 ? 0 : (double)Kept / Count;

    /// <summary>A copy of the values with every pruned element set to +0.0f (never -0.0f, so files compare bit-exactly).</summary>
    public float[] Apply(ReadOnlySpan<float> values)
    {
        if (values.Length != Count)
            throw new ArgumentException($"tensor '{Name}' has {values.Length} values but its mask has {Count}", nameof(values));
        var result = new float[values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = Keep[i] ? values[i] : 0f;
        return result;
    }
}
