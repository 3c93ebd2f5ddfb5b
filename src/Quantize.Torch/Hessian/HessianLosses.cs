using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>The per-sample losses, summed over a batch (the estimators divide by the sample count at the end).</summary>
static class HessianLosses
{
    /// <summary>The model output as [batch, outputs]: every estimator treats the output as one vector per sample.</summary>
    public static Tensor Flatten(Tensor output, long batch)
    {
        if (output.dim() == 0 || output.shape[0] != batch)
            throw new InvalidOperationException(
                $"the model output has shape [{string.Join(", ", output.shape)}] for a batch of {batch}; the Hessian needs the batch in the first dimension");
        return output.reshape(batch, -1);
    }

    public static Tensor Sum(Tensor outputs, Tensor? targets, HessianLoss loss) => (loss, targets) switch
    {
        (HessianLoss.CrossEntropy, null) => SelfCrossEntropy(outputs),
        (HessianLoss.SquaredError, null) => SquaredError(outputs, outputs.detach()),
        (HessianLoss.CrossEntropy, _) => CrossEntropy(outputs, targets),
        (HessianLoss.SquaredError, _) => SquaredError(outputs, targets),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown loss"),
    };

    // Without labels: cross-entropy against the model's own (detached) prediction p̄, i.e. KL(p̄‖p) up to a
    // constant. Its output Hessian is diag(p) − ppᵀ, as for any label, and its gradient vanishes at the current
    // weights, so its Hessian there is exactly the Gauss–Newton matrix — the distillation loss's curvature.
    static Tensor SelfCrossEntropy(Tensor outputs)
    {
        Tensor target = nn.functional.softmax(outputs.detach(), 1);
        return nn.functional.log_softmax(outputs, 1).mul(target).sum().neg();
    }

    static Tensor CrossEntropy(Tensor outputs, Tensor targets)
    {
        if (targets.dtype != ScalarType.Int64 || targets.dim() != 1)
            throw new ArgumentException($"cross-entropy needs int64 class labels, one per sample; got {targets.dtype} [{string.Join(", ", targets.shape)}]");
        return nn.functional.cross_entropy(outputs, targets, reduction: nn.Reduction.Sum);
    }

    static Tensor SquaredError(Tensor outputs, Tensor targets)
    {
        if (!targets.is_floating_point() || targets.numel() != outputs.numel())
            throw new ArgumentException(
                $"squared error needs float targets with one value per output ({outputs.shape[1]} per sample); got {targets.dtype} [{string.Join(", ", targets.shape)}]");
        return outputs.sub(targets.reshape(outputs.shape).to(outputs.dtype)).square().sum().mul(0.5);
    }
}
