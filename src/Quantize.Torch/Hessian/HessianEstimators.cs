namespace Quantize.Torch.Hessian;

/// <summary>The estimators by the names users type (e.g. <c>quantize hessian --method gauss-newton</c>).</summary>
public static class HessianEstimators
{
    /// <summary>The names, the default first.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [GaussNewtonEstimator.EstimatorName, HutchinsonEstimator.EstimatorName, ExactHessianEstimator.EstimatorName];

    public static string Default => GaussNewtonEstimator.EstimatorName;

    public static IHessianEstimator Create(string name)
    {
        string key = name?.Trim().ToLowerInvariant() ?? "";
        return key switch
        {
            GaussNewtonEstimator.EstimatorName => new GaussNewtonEstimator(),
            HutchinsonEstimator.EstimatorName => new HutchinsonEstimator(),
            ExactHessianEstimator.EstimatorName => new ExactHessianEstimator(),
            "" => throw new ArgumentException($"no Hessian estimator named; choose one of {string.Join(", ", Names)}", nameof(name)),
            _ => throw new ArgumentException($"unknown Hessian estimator '{name}'; choose one of {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
