using Quantize.Core.Accounting;
using Quantize.Core.Clustering.Points;
using Quantize.Core.Clustering.Uniform;

namespace Quantize.Core.Clustering.Ecsq;

/// <summary>
/// Iterative entropy-constrained scalar quantization (paper §4.4 and appendix A.3; Chou, Lookabaugh and
/// Gray 1989) with Hessian weights: minimises J_λ = D + λ·H, D = Σ h (w − c)² / N, H the entropy of the
/// cluster sizes, with λ chosen so H meets <see cref="Rate"/> bits per parameter (at most the target,
/// as close as the jumps in H allow; <see cref="Solve"/> reports what was reached).
/// <para>
/// It starts from a uniform grid whose entropy is about one bit above the target, so clusters can die
/// off as λ grows. Up to <see cref="MaxPoints"/> parameters the λ search runs on all of them. Beyond
/// that it runs on an evenly strided sample of that many, and all parameters are then assigned once
/// against the sample's codebook at that λ (raised a little if needed to stay within the target).
/// </para>
/// </summary>
public sealed class EcsqQuantizer : IQuantizer
{
    /// <summary>2^14 points: the λ search (tens of descents) then takes about a second.</summary>
    public const int DefaultMaxPoints = 1 << 14;

    /// <summary>Iteration limit of each descent at a fixed λ; descents from the grid usually settle in tens.</summary>
    public const int DefaultMaxIterations = 100;

    /// <summary>How far above the target the starting grid's entropy is aimed.</summary>
    const double StartExtraBits = 1.0;

    // Bracketing steps (λ × 4 each) before the final bisection gives up widening.
    const int MaxRefinements = 40;

    public EcsqQuantizer(double rate, int maxIterations = DefaultMaxIterations, int maxPoints = DefaultMaxPoints)
    {
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "the target rate must be a positive number of bits");
        if (maxIterations < 1) throw new ArgumentOutOfRangeException(nameof(maxIterations), maxIterations, "at least one iteration is needed");
        if (maxPoints < 2) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "at least two points are needed");
        Rate = rate;
        MaxIterations = maxIterations;
        MaxPoints = maxPoints;
    }

    /// <summary>Target entropy in bits per parameter.</summary>
    public double Rate { get; }

    /// <summary>Most iterations of one descent at a fixed λ.</summary>
    public int MaxIterations { get; }

    /// <summary>Parameters beyond which the λ search runs on a sample of this many.</summary>
    public int MaxPoints { get; }

    public string Name => "ecsq";

    // The final bisection stops once the entropy is this close under the target, or after this many steps.
    const double RateSlack = 0.002;
    const int RefinementBisections = 30;

    public Quantization Quantize(ReadOnlySpan<float> values, ReadOnlySpan<float> weights) => Solve(values, weights).Quantization;

    public EcsqResult Solve(ReadOnlySpan<float> values, ReadOnlySpan<float> weights)
    {
        QuantizerInput.Check(values, weights);
        weights = QuantizerInput.Effective(weights);
        EcsqPoints all = EcsqPoints.All(values, weights);
        if (values.Length <= MaxPoints)
        {
            (int[] start, int count) = StartGrid(all);
            return Finish(values, weights, EcsqLambdaSearch.Find(all, start, count, Rate, MaxIterations));
        }

        EcsqPoints sample = EcsqPoints.Sample(values, weights, MaxPoints);
        (int[] sampleStart, int sampleCount) = StartGrid(sample);
        return Finish(values, weights, Refine(all, EcsqLambdaSearch.Find(sample, sampleStart, sampleCount, Rate, MaxIterations)));
    }

    /// <summary>
    /// Assigns all parameters once against the sample's codebook (centres and code lengths); the final
    /// centres are then the weighted means of what each cluster received. Running the descent on for
    /// hundreds of iterations would only creep along the rate-distortion curve at the cost of a pass over
    /// all parameters per iteration. Sampling noise moves the entropy of the full assignment off the
    /// target, so λ is re-bisected (on log λ, with the codebook fixed) for the largest entropy at or under it.
    /// </summary>
    EcsqOutcome Refine(EcsqPoints all, EcsqOutcome guide)
    {
        EcsqCodebook codebook = guide.Codebook;
        EcsqOutcome Evaluate(double lambda)
        {
            var labels = new int[all.Count];
            EcsqAssignment.Assign(all, codebook, lambda, labels);
            (EcsqCodebook result, double distortion, double entropy) = EcsqUpdate.Run(all, labels, codebook.Count, codebook.Centers);
            return new EcsqOutcome(labels, codebook.Count, result, lambda, distortion, entropy, 1);
        }

        EcsqOutcome current = Evaluate(guide.Lambda);
        double floor = Math.Max(current.Distortion, 1e-12) * 1e-6;
        // Bracket: `low` over the rate (or λ at its floor), `high` at or under it.
        EcsqOutcome? high = current.Entropy <= Rate ? current : null;
        EcsqOutcome? low = current.Entropy > Rate ? current : null;
        for (int attempt = 0; attempt < MaxRefinements && (high == null || low == null); attempt++)
        {
            if (high == null)
            {
                double up = low!.Lambda > 0 ? low.Lambda * 4 : floor;
                EcsqOutcome next = Evaluate(up);
                if (next.Entropy <= Rate) high = next; else low = next;
            }
            else
            {
                if (high.Lambda <= floor) return high;
                EcsqOutcome next = Evaluate(high.Lambda / 4);
                if (next.Entropy <= Rate) high = next; else low = next;
            }
        }
        if (high == null) return low!;
        if (low == null) return high;
        for (int step = 0; step < RefinementBisections && high.Entropy < Rate - RateSlack; step++)
        {
            double middle = Math.Sqrt(Math.Max(low.Lambda, floor) * high.Lambda);
            EcsqOutcome next = Evaluate(middle);
            if (next.Entropy <= Rate) high = next; else low = next;
        }
        return high;
    }

    /// <summary>One descent at a given λ from the usual start, on the raw parameters (for tests of the descent itself).</summary>
    internal EcsqResult SolveAtLambda(ReadOnlySpan<float> values, ReadOnlySpan<float> weights, double lambda, List<double>? trace = null)
    {
        QuantizerInput.Check(values, weights);
        weights = QuantizerInput.Effective(weights);
        EcsqPoints points = EcsqPoints.All(values, weights);
        (int[] start, int count) = StartGrid(points);
        return Finish(values, weights, EcsqDescent.Run(points, start, count, lambda, MaxIterations, trace));
    }

    /// <summary>Cells of a uniform grid whose entropy is about <see cref="StartExtraBits"/> above the target (empty cells removed).</summary>
    (int[] Labels, int Count) StartGrid(EcsqPoints points)
    {
        (double step, int cells, _) = UniformRateSearch.Find(points.Values, Rate + StartExtraBits);
        (float min, _) = ValueRange.Of(points.Values);
        (int[] labels, cells) = UniformGrid.CompactLabels(points.Values, min, step, cells);
        var renumber = new int[cells];
        Array.Fill(renumber, -1);
        int used = 0;
        foreach (int label in labels)
        {
            if (renumber[label] < 0) renumber[label] = used++;
        }
        for (int i = 0; i < labels.Length; i++) labels[i] = renumber[labels[i]];
        return (labels, used);
    }

    /// <summary>Builds the result from an outcome on all parameters, taking over (renumbering) its label array.</summary>
    static EcsqResult Finish(ReadOnlySpan<float> values, ReadOnlySpan<float> weights, EcsqOutcome outcome)
    {
        Quantization quantization = QuantizationBuilder.Build(values, weights, outcome.Labels, outcome.LabelCount);
        return new EcsqResult(quantization, outcome.Lambda, Entropy.Bits(quantization.Counts), quantization.Distortion(values, weights));
    }
}
