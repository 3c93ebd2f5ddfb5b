using Quantize.Cli.Gates;
using Quantize.Cli.Pipeline;

namespace Quantize.Cli.Search;

/// <summary>Everything <see cref="SearchPipeline"/> needs, already validated by compress.</summary>
public sealed record SearchRequest
{
    /// <summary>The evaluations a search spends per method when not told (fine-tuning off: the target).</summary>
    public const int DefaultMaxEvaluations = 12;

    /// <summary>compress's request: the template quantizer, coding, scales, data (with the validation carve), fine-tuning, output.</summary>
    public required CompressRequest Compress { get; init; }

    /// <summary>The budget on validation quality: --max-accuracy-drop, --min-cosine and/or --min-agreement (never the ratio).</summary>
    public required GateThresholds Budget { get; init; }

    /// <summary>--method auto: search each quantizer and keep the smallest file.</summary>
    public bool Auto { get; init; }

    public int MaxEvaluations { get; init; } = DefaultMaxEvaluations;

    /// <summary>--search-grid N: evaluate N evenly spaced settings instead of searching (the exhaustive reference).</summary>
    public int? Grid { get; init; }

    /// <summary>--search-range: the knob's range instead of the default around the start.</summary>
    public (double Low, double High)? Range { get; init; }

    public ValidationCarve Validation => Compress.Data.Validation ?? throw new InvalidOperationException("a search needs a validation carve");
}
