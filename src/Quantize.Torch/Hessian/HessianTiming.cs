namespace Quantize.Torch.Hessian;

/// <summary>One estimator's wall time, and that time over the plain gradient pass's on the same samples and batches.</summary>
public sealed record HessianTiming(string Estimator, string Setting, double Seconds, double RatioToGradient);
