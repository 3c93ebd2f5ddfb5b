using System.Globalization;
using Quantize.Core.Clustering;

namespace Quantize.Cli.Search;

/// <summary>
/// The knob of one quantizer and the range it is searched over, seen through a position t that grows with the file (a
/// finer step, a higher rate, more clusters) on a log scale, where the coded size is close to linear: log2 of the rate
/// or k, −log2 of the step. Values are those the quantizer is given: clusters are whole numbers, so nearby positions
/// give one value.
/// </summary>
public sealed record SearchKnob(KnobKind Kind, double Start, double Low, double High)
{
    /// <summary>Default rate range (bits per parameter) and start where none was given.</summary>
    public const double MinRate = 0.5, MaxRate = 8, StartRate = 3;

    /// <summary>Default cluster range and start (2^5 = the --bits default).</summary>
    public const int MinClusters = 2, MaxClusters = 256, StartClusters = 32;

    /// <summary>A fixed step is searched from an eighth of the start to sixteen times it.</summary>
    public const double StepBelow = 8, StepAbove = 16;

    public string Name => Kind switch { KnobKind.Step => "step", KnobKind.Rate => "rate", _ => "clusters" };

    /// <summary>The position of the coarsest setting (the smallest file) and of the finest.</summary>
    public double MinPosition => Math.Min(PositionOf(Low), PositionOf(High));

    public double MaxPosition => Math.Max(PositionOf(Low), PositionOf(High));

    /// <summary>How far the bracket moves at a time while it looks for a setting on each side of the budget: a factor of 4 in step or k, 2 in rate.</summary>
    public double Stride => Kind == KnobKind.Rate ? 1 : 2;

    public double PositionOf(double value) => Kind == KnobKind.Step ? -Math.Log2(value) : Math.Log2(value);

    /// <summary>The value at a position, as the quantizer takes it (clusters rounded), within the range.</summary>
    public double ValueAt(double position)
    {
        double t = Math.Clamp(position, MinPosition, MaxPosition);
        return Kind switch
        {
            KnobKind.Step => Math.Pow(2, -t),
            KnobKind.Rate => Math.Pow(2, t),
            _ => Math.Clamp(Math.Round(Math.Pow(2, t)), Low, High),
        };
    }

    /// <summary>The quantizer of a template set to this knob's value; the other size options are cleared.</summary>
    public QuantizerOptions Apply(QuantizerOptions template, double value) => Kind switch
    {
        KnobKind.Step => template with { Step = value, Rate = null, Clusters = null },
        KnobKind.Rate => template with { Rate = value, Step = null, Clusters = null },
        _ => template with { Clusters = (int)value, Rate = null, Step = null },
    };

    public string Format(double value) => Kind == KnobKind.Clusters
        ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>
    /// The knob of a quantizer as the request sets it: a given --step searches the step, uniform and ecsq otherwise the rate,
    /// the k-means family the clusters. <paramref name="range"/> (--search-range) replaces the default range.
    /// </summary>
    public static SearchKnob For(QuantizerOptions options, (double Low, double High)? range)
    {
        SearchKnob knob;
        if (options.Step is { } step) knob = new SearchKnob(KnobKind.Step, step, step / StepBelow, step * StepAbove);
        else if (options.Method is QuantizationMethod.KMeans or QuantizationMethod.HessianKMeans)
            knob = new SearchKnob(KnobKind.Clusters, options.Clusters ?? StartClusters, MinClusters, MaxClusters);
        else knob = new SearchKnob(KnobKind.Rate, options.Rate ?? StartRate, MinRate, MaxRate);
        if (range is not { } given) return knob;
        (double low, double high) = (Math.Min(given.Low, given.High), Math.Max(given.Low, given.High));
        if (knob.Kind == KnobKind.Clusters && (low < 1 || high > 1 << Options.QuantizerOptionGroup.MaxBits))
            throw new UserInputException($"--search-range for clusters must lie within 1..{1 << Options.QuantizerOptionGroup.MaxBits} (got {low}..{high})");
        double start = knob.Start >= low && knob.Start <= high ? knob.Start : Math.Sqrt(low * high);
        return knob with { Start = knob.Kind == KnobKind.Clusters ? Math.Round(start) : start, Low = low, High = high };
    }
}
