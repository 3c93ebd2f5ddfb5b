namespace Quantize.Benchmarks.Clustering;

/// <summary>The benchmark input: seeded Laplacian "weights" (the shape of trained network parameters) with positive Hessian-like importances.</summary>
public static class ClusteringData
{
    public const int Count = 10_000_000;

    public const int Clusters = 256;

    public const int Seed = 20170101;

    public static (float[] Values, float[] Weights) Create(int count = Count)
    {
        var random = new Random(Seed);
        var values = new float[count];
        var weights = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble() - 0.5;
            values[i] = (float)(-0.05 * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u)));
            weights[i] = (float)Math.Exp(4.6 * random.NextDouble() - 2.3); // two orders of magnitude, like a Hessian diagonal
        }
        return (values, weights);
    }
}
