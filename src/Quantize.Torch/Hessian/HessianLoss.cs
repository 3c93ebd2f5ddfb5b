namespace Quantize.Torch.Hessian;

/// <summary>The loss whose Hessian is estimated, per sample; the estimators average it over the samples used.</summary>
public enum HessianLoss
{
    /// <summary>
    /// Softmax cross-entropy over the model's logits; targets are int64 class labels. Without labels, the target is
    /// the model's own softmax at the current weights (the distillation loss KL(p₀‖p)), whose Hessian there is the
    /// Gauss–Newton matrix.
    /// </summary>
    CrossEntropy,

    /// <summary>
    /// ½‖y − t‖² summed over the output entries; targets are float tensors shaped like the output. Without targets,
    /// t is the model's own output at the current weights: the output distortion ½‖f(x;w) − f(x;w₀)‖², for any output.
    /// </summary>
    SquaredError,
}
