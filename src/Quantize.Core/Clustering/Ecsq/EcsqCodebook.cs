namespace Quantize.Core.Clustering.Ecsq;

/// <summary>The state ECSQ assigns against: sorted centres and each cluster's ideal codeword length −log2 p_j.</summary>
sealed class EcsqCodebook
{
    public EcsqCodebook(double[] centers, double[] sizes, double totalCount)
    {
        Centers = centers;
        CodeLengths = new double[sizes.Length];
        MinCodeLength = double.PositiveInfinity;
        for (int j = 0; j < sizes.Length; j++)
        {
            CodeLengths[j] = -Math.Log2(sizes[j] / totalCount);
            if (CodeLengths[j] < MinCodeLength)
            {
                MinCodeLength = CodeLengths[j];
                MostProbable = j;
            }
        }
    }

    /// <summary>Strictly increasing.</summary>
    public double[] Centers { get; }

    public double[] CodeLengths { get; }

    public double MinCodeLength { get; }

    /// <summary>The largest cluster (lowest index among equals).</summary>
    public int MostProbable { get; }

    public int Count => Centers.Length;
}
