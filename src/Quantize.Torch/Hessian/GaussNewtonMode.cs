namespace Quantize.Torch.Hessian;

/// <summary>How <see cref="GaussNewtonEstimator"/> factors the output curvature.</summary>
public enum GaussNewtonMode
{
    /// <summary>
    /// Monte-Carlo: per input, one upstream vector drawn so that its outer product equals the output
    /// Hessian in expectation (cross-entropy: a label drawn from the model's own prediction; squared
    /// error: a Rademacher vector). About the cost of one gradient pass per draw; unbiased.
    /// </summary>
    Sampled,

    /// <summary>One backward pass per output (class): the exact Gauss–Newton diagonal, at about K times the cost.</summary>
    Exact,
}
