namespace Quantize.Core.Clustering.Optimal;

/// <summary>What the exact 1-D dynamic program found, with how close to the true optimum it is guaranteed to be.</summary>
/// <param name="Quantization">The clusters; shared values are weighted means of the raw values in each.</param>
/// <param name="Objective">Σ h (w − c)² / N of the partition, with centres in double precision.</param>
/// <param name="GapBound">
/// Upper bound on Objective minus the global optimum: 0 when the DP ran on the exact distinct values,
/// otherwise the binning bound of <see cref="OptimalWeightedQuantizer"/> evaluated at this objective.
/// </param>
/// <param name="BinWidth">Width of the histogram bins, or 0 when no binning was needed.</param>
/// <param name="Points">Number of points (distinct values or non-empty bins) the DP ran on.</param>
public sealed record OptimalQuantizationResult(Quantization Quantization, double Objective, double GapBound, double BinWidth, int Points);
