namespace Quantize.Core.Clustering.KMeans;

/// <summary>Where Lloyd's algorithm on sorted values stopped: the final runs (by their largest value) and how it got there.</summary>
/// <param name="UpperBounds">Largest value of each cluster, strictly increasing.</param>
/// <param name="Centers">Shared value of each cluster (its weighted mean), in double precision.</param>
/// <param name="Iterations">Assignment steps taken, counting the one that found nothing changed.</param>
/// <param name="Converged">False when the iteration limit stopped it.</param>
sealed record LloydOutcome(float[] UpperBounds, double[] Centers, int Iterations, bool Converged);
