namespace Quantize.Core.Tests.Clustering;

/// <summary>Seeded samples shared by the clustering tests.</summary>
internal static class ClusteringTestData
{
    public static float[] Gaussian(Random random, int count, double sigma = 1.0)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            values[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return values;
    }

    /// <summary>Laplacian with scale <paramref name="scale"/>: the shape of trained network weights.</summary>
    public static float[] Laplacian(Random random, int count, double scale = 1.0)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble() - 0.5;
            values[i] = (float)(-scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u)));
        }
        return values;
    }

    /// <summary>Positive weights spread over two orders of magnitude, like a Hessian diagonal.</summary>
    public static float[] Weights(Random random, int count)
    {
        var weights = new float[count];
        for (int i = 0; i < count; i++) weights[i] = (float)Math.Exp(4.6 * random.NextDouble() - 2.3);
        return weights;
    }

    /// <summary>Uniform values in [−1, 1).</summary>
    public static float[] Uniform(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(2 * random.NextDouble() - 1);
        return values;
    }
}
