using Quantize.Core.Accounting;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Clustering.Uniform;

/// <summary>
/// Uniform quantization aimed at an entropy: cells of width Δ from the smallest value, with Δ found by
/// search so the entropy of the cluster sizes is at or just under <see cref="Rate"/> bits per value
/// (paper §4.2: with an optimal variable-length code the entropy is the average codeword length, so a
/// compression target becomes an entropy target). Entropy moves in steps as Δ varies, so the rate reached
/// can fall short of the target; <see cref="Solve"/> reports it. Grids finer than
/// 2^22 cells over the values' central span are not tried; outliers beyond it get cells of their own.
/// </summary>
public sealed class RateControlledUniformQuantizer : IQuantizer
{
    public RateControlledUniformQuantizer(double rate, bool weightedCenters = false)
    {
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "the target rate must be a positive number of bits");
        Rate = rate;
        WeightedCenters = weightedCenters;
    }

    /// <summary>Target entropy in bits per value.</summary>
    public double Rate { get; }

    public bool WeightedCenters { get; }

    public string Name => "uniform";

    public Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights) => Solve(values, weights).Quantization;

    public UniformRateResult Solve(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        QuantizerInput.Check(values, weights);
        (double step, int cells, _) = UniformRateSearch.Find(values, Rate);
        (float min, _) = ValueRange.Of(values);
        Quantization quantization = UniformQuantizer.WithStep(values, weights, WeightedCenters, min, step, cells);
        return new UniformRateResult(quantization, step, Entropy.Bits(quantization.Counts));
    }
}
