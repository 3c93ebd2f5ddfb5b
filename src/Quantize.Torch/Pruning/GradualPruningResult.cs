using Quantize.Format.Onnx;

namespace Quantize.Torch.Pruning;

/// <summary>What gradual pruning leaves: the final masks, each mask update's step and kept fraction, and the training's losses and Adam moments.</summary>
public sealed record GradualPruningResult(IReadOnlyList<PruningMask> Masks, IReadOnlyList<MaskUpdate> Updates, RetrainingResult Training);

/// <summary>One recomputation of the masks: at optimizer step <paramref name="Step"/>, <paramref name="Kept"/> of <paramref name="Parameters"/> prunable weights kept.</summary>
public sealed record MaskUpdate(long Step, long Kept, long Parameters)
{
    public double KeptFraction => (double)Kept / Parameters;
}
