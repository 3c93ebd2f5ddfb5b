using System.Globalization;
using Quantize.Cli.Gates;

namespace Quantize.Cli.Search;

/// <summary>
/// How far an accuracy budget can be trusted on the validation split the search chooses on. Measured on ResNet-20 with
/// 1,000 validation images (docs/results.md §10): 40–60 predictions flip between neighbouring steps, so passes and
/// failures alternate along the knob and a 0.5-point budget picks among them by chance. Said before the first probe,
/// so a user can carve more samples instead of trusting the choice.
/// </summary>
public static class ValidationNoise
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The binomial standard error, in points, of an accuracy of <paramref name="percent"/> on <paramref name="samples"/> samples.</summary>
    public static double StandardErrorPoints(double percent, int samples) =>
        samples <= 0 ? double.NaN : 100 * Math.Sqrt(percent / 100 * (1 - percent / 100) / samples);

    /// <summary>A warning when the accuracy budget is within the validation split's noise, or the split looks seen in training; else null.</summary>
    public static string? Warning(GateThresholds budget, double? originalPercent, int samples)
    {
        if (budget.MaxAccuracyDrop is not { } limit || originalPercent is not { } p || samples <= 0) return null;
        if (p >= 100)
            return string.Format(C,
                "warning: the original model scores 100.00% on the {0:N0} validation samples, which are carved from the training data it " +
                "has likely seen: drops measured there understate drops on unseen data, so expect more on test; carve it from samples the " +
                "model did not train on (--validation-from N after 'quantize train --limit N', or --data with other training samples)", samples);
        double error = StandardErrorPoints(p, samples);
        if (error <= limit / 2) return null;
        // n with one standard error at half the budget: p(1-p)/n = (limit/2/100)^2.
        double needed = p / 100 * (1 - p / 100) / Math.Pow(limit / 200, 2);
        return string.Format(C,
            "warning: one standard error of accuracy on {0:N0} validation samples at {1:F2}% is {2:F2} points, more than half the {3} budget: " +
            "which settings pass is partly chance, and the file chosen may lose more on test; about {4:N0} validation samples (--validation) " +
            "would bring it to half the budget", samples, p, error, GateNumbers.Threshold(limit) + "-point", Math.Ceiling(needed));
    }
}
