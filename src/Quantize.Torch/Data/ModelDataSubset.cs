using static TorchSharp.torch;

namespace Quantize.Torch.Data;

/// <summary>
/// Some samples of another split, in the order given: a validation split carved from the training data, or what training
/// keeps of it once the validation samples are taken out. Nothing is copied; a batch reads the underlying samples.
/// </summary>
public sealed class ModelDataSubset : IModelData
{
    readonly IModelData inner;
    readonly int[] positions;

    public ModelDataSubset(IModelData inner, int[] positions)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(positions);
        foreach (int position in positions)
            if ((uint)position >= (uint)inner.Count)
                throw new ArgumentOutOfRangeException(nameof(positions), position, $"the split holds {inner.Count} samples");
        this.inner = inner;
        this.positions = positions;
    }

    public int Count => positions.Length;

    public bool HasLabels => inner.HasLabels;

    public ModelBatch Batch(ReadOnlySpan<int> positions, Device? device = null)
    {
        var mapped = new int[positions.Length];
        for (int i = 0; i < mapped.Length; i++) mapped[i] = this.positions[positions[i]];
        return inner.Batch(mapped, device);
    }
}
