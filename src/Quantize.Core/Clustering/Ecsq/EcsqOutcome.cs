namespace Quantize.Core.Clustering.Ecsq;

/// <summary>Where an ECSQ descent at one λ ended.</summary>
/// <param name="Labels">Cluster of each point (numbering is internal; the builder renumbers).</param>
/// <param name="LabelCount">Labels are in [0, LabelCount).</param>
/// <param name="Codebook">Centres and code lengths of that labelling.</param>
/// <param name="Lambda">The multiplier of the rate term.</param>
/// <param name="Distortion">D = Σ h (w − c)² / N.</param>
/// <param name="Entropy">H of the cluster sizes, bits per parameter.</param>
/// <param name="Iterations">Assignment steps taken.</param>
sealed record EcsqOutcome(int[] Labels, int LabelCount, EcsqCodebook Codebook, double Lambda, double Distortion, double Entropy, int Iterations)
{
    public double Objective => Distortion + Lambda * Entropy;
}
