namespace Quantize.Core.Fidelity;

/// <summary>
/// How closely a model's outputs y follow the original model's y₀ on a set of samples; each sample's output is
/// one vector (the sample's whole output flattened).
/// <list type="bullet">
/// <item><see cref="Agreement"/>: the fraction (0..1) of samples whose top-1 class is the same; null for an output that is not class scores [N,C].</item>
/// <item><see cref="CosineMean"/>, <see cref="CosineMin"/>: mean and minimum over samples of cos(y, y₀) (<see cref="FidelityMath.Cosine"/>).</item>
/// <item><see cref="RelativeL2"/>: ‖y − y₀‖ / ‖y₀‖ over the whole split (all samples' outputs as one vector).</item>
/// <item><see cref="SqnrDb"/>: 10·log10(‖y₀‖² / ‖y − y₀‖²) = −20·log10(<see cref="RelativeL2"/>); +∞ for identical outputs.</item>
/// </list>
/// </summary>
public sealed record FidelityMeasures(long Samples, long? Agreeing, double CosineMean, double CosineMin, double RelativeL2, double SqnrDb)
{
    public double? Agreement => Agreeing is { } agreeing && Samples > 0 ? (double)agreeing / Samples : null;

    /// <summary>
    /// The worst of several outputs on every measure: least agreement (over the outputs that have one), least
    /// cosines and SQNR, largest relative error. A gate on it holds for every output, whatever their scales,
    /// which a figure over all outputs concatenated would not promise (a large output would hide a small one).
    /// </summary>
    public static FidelityMeasures Worst(IReadOnlyList<FidelityMeasures> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0) throw new ArgumentException("no output was measured", nameof(outputs));
        if (outputs.Any(o => o.Samples != outputs[0].Samples)) throw new ArgumentException("the outputs were measured on different samples", nameof(outputs));
        FidelityMeasures? leastAgreeing = outputs.Where(o => o.Agreeing != null).MinBy(o => o.Agreement);
        return new FidelityMeasures(
            outputs[0].Samples,
            leastAgreeing?.Agreeing,
            Least(outputs.Select(o => o.CosineMean)),
            Least(outputs.Select(o => o.CosineMin)),
            -Least(outputs.Select(o => -o.RelativeL2)),
            Least(outputs.Select(o => o.SqnrDb)));
    }

    // NaN wins: a broken output must make the whole worse, not vanish from a minimum.
    static double Least(IEnumerable<double> values)
    {
        double least = double.PositiveInfinity;
        foreach (double value in values)
        {
            if (double.IsNaN(value)) return double.NaN;
            least = Math.Min(least, value);
        }
        return least;
    }
}
