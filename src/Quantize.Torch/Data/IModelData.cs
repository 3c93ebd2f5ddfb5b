using static TorchSharp.torch;

namespace Quantize.Torch.Data;

/// <summary>
/// One split of a user's data bound to a model's inputs: samples addressed by position, handed out as
/// <see cref="ModelBatch"/>es on a device. Implementations hold the decoded samples; the caller owns the tensors
/// of each batch (they belong to the current dispose scope).
/// </summary>
public interface IModelData
{
    /// <summary>How many samples the split holds.</summary>
    int Count { get; }

    /// <summary>Whether every sample carries a class label (accuracy and label-based losses need them).</summary>
    bool HasLabels { get; }

    /// <summary>The samples at the given positions, in that order, on the device (default CPU).</summary>
    ModelBatch Batch(ReadOnlySpan<int> positions, Device? device = null);
}
