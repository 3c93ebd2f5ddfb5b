namespace Quantize.Torch.Hessian;

/// <summary>The loss whose Hessian is estimated, per sample; the estimators average it over the samples used.</summary>
public enum HessianLoss
{
    /// <summary>Softmax cross-entropy over the model's logits; targets are int64 class labels.</summary>
    CrossEntropy,

    /// <summary>½‖y − t‖² summed over the output entries; targets are float tensors shaped like the output.</summary>
    SquaredError,
}
