using Quantize.Core.Accounting;
using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Ecsq;
using Quantize.Core.Clustering.Uniform;

namespace Quantize.Core.Tests.Clustering;

/// <summary>Iterative ECSQ: meets the rate within <see cref="Tolerance"/> bits (never above), descends, trades rate for λ.</summary>
public class EcsqQuantizerTests
{
    const double Tolerance = 0.02;

    public static TheoryData<string, double> Targets()
    {
        var data = new TheoryData<string, double>();
        foreach (string source in new[] { "gaussian", "laplacian" })
        {
            foreach (double rate in new[] { 1.0, 2.0, 3.0, 4.0, 5.5 }) data.Add(source, rate);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void MeetsTheTargetEntropy(string source, double rate)
    {
        (float[] values, float[] weights) = Sample(source, 8000);

        EcsqResult result = new EcsqQuantizer(rate).Solve(values, weights);

        Assert.True(result.Entropy <= rate, $"entropy {result.Entropy} over {rate}");
        Assert.True(result.Entropy >= rate - Tolerance, $"entropy {result.Entropy} too far under {rate}");
        Assert.Equal(Entropy.Bits(result.Quantization.Counts), result.Entropy);
        Assert.Equal(result.Quantization.Distortion(values, weights), result.Distortion);
        QuantizationAssert.WellFormed(result.Quantization, values.Length);
        QuantizationAssert.CentersAreMeans(result.Quantization, values, weights);
    }

    [Theory]
    [InlineData("gaussian", 2.0)]
    [InlineData("laplacian", 3.0)]
    public void MeetsTheTarget_WhenTheSearchRunsOnASample(string source, double rate)
    {
        (float[] values, float[] weights) = Sample(source, 40000);

        EcsqResult result = new EcsqQuantizer(rate, maxPoints: 2048).Solve(values, weights);

        Assert.True(result.Entropy <= rate, $"entropy {result.Entropy} over {rate}");
        Assert.True(result.Entropy >= rate - Tolerance, $"entropy {result.Entropy} too far under {rate}");
        QuantizationAssert.WellFormed(result.Quantization, values.Length);
        QuantizationAssert.CentersAreMeans(result.Quantization, values, weights);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(1.0)]
    public void ObjectiveNeverIncreases_AcrossIterations(double lambda)
    {
        (float[] values, float[] weights) = Sample("laplacian", 5000);
        var trace = new List<double>();

        new EcsqQuantizer(3, maxIterations: 200).SolveAtLambda(values, weights, lambda, trace);

        Assert.True(trace.Count >= 2);
        for (int t = 1; t < trace.Count; t++) Assert.True(trace[t] <= trace[t - 1] * (1 + 1e-12), $"J rose at iteration {t}: {trace[t - 1]} → {trace[t]}");
    }

    [Fact]
    public void LargerLambda_GivesLessEntropy()
    {
        (float[] values, float[] weights) = Sample("gaussian", 6000);
        var quantizer = new EcsqQuantizer(5);
        double[] lambdas = Enumerable.Range(0, 8).Select(i => 1e-4 * Math.Pow(4, i)).ToArray();

        double[] entropies = lambdas.Select(l => quantizer.SolveAtLambda(values, weights, l).Entropy).ToArray();

        for (int i = 1; i < entropies.Length; i++) Assert.True(entropies[i] <= entropies[i - 1] + 0.02, $"λ={lambdas[i]}: {entropies[i]} > {entropies[i - 1]}");
        Assert.True(entropies[0] - entropies[^1] > 2, string.Join(", ", entropies));
    }

    [Fact]
    public void LambdaZero_KeepsAboutTheStartingGridsEntropy()
    {
        (float[] values, float[] weights) = Sample("gaussian", 6000);
        double entropy = new EcsqQuantizer(3).SolveAtLambda(values, weights, 0).Entropy;

        Assert.InRange(entropy, 3.5, 4.5); // the start aims one bit above the target
    }

    [Fact]
    public void IsDeterministic()
    {
        (float[] values, float[] weights) = Sample("laplacian", 5000);
        EcsqResult a = new EcsqQuantizer(2.5).Solve(values, weights), b = new EcsqQuantizer(2.5).Solve(values, weights);

        Assert.Equal(a.Quantization.Centers, b.Quantization.Centers);
        Assert.Equal(a.Quantization.Assignment, b.Quantization.Assignment);
        Assert.Equal(a.Lambda, b.Lambda);
    }

    [Fact]
    public void BeatsUniformAtTheSameRate_OnItsOwnObjective()
    {
        (float[] values, float[] weights) = Sample("laplacian", 8000);
        EcsqResult ecsq = new EcsqQuantizer(3).Solve(values, weights);
        UniformRateResult uniform = new RateControlledUniformQuantizer(ecsq.Entropy, weightedCenters: true).Solve(values, weights);

        double ecsqObjective = ecsq.Distortion + ecsq.Lambda * ecsq.Entropy;
        double uniformObjective = uniform.Quantization.Distortion(values, weights) + ecsq.Lambda * uniform.Entropy;
        Assert.True(ecsqObjective <= uniformObjective * 1.02, $"ecsq J {ecsqObjective} vs uniform J {uniformObjective}");
    }

    static (float[] Values, float[] Weights) Sample(string source, int count)
    {
        var random = new Random(source.Length * 1000 + count);
        float[] values = source == "gaussian" ? ClusteringTestData.Gaussian(random, count, 0.05) : ClusteringTestData.Laplacian(random, count, 0.03);
        return (values, ClusteringTestData.Weights(random, count));
    }
}
