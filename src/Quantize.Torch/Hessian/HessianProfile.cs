using System.Globalization;

namespace Quantize.Torch.Hessian;

/// <summary>What Hessian estimates cost against one gradient pass (forward and backward of the average loss), measured in one process.</summary>
/// <param name="Repeats">Each time is the fastest of this many runs.</param>
public sealed record HessianProfile(int Samples, int BatchSize, int Repeats, double GradientSeconds, IReadOnlyList<HessianTiming> Estimators)
{
    /// <summary>One line for a <c>--profile</c> option, e.g. "gradient pass 0.52 s (1000 samples, batch 250, fastest of 1); gauss-newton (sampled, 1 draw(s)) 1.9× (0.99 s), …".</summary>
    public string Summary =>
        string.Create(CultureInfo.InvariantCulture, $"gradient pass {GradientSeconds:0.00} s ({Samples} samples, batch {BatchSize}, fastest of {Repeats}); ") +
        string.Join(", ", Estimators.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Estimator} ({t.Setting}) {t.RatioToGradient:0.0}× ({t.Seconds:0.00} s)")));
}
