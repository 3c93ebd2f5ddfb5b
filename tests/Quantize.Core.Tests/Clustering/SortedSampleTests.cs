using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Tests.Clustering;

public class SortedSampleTests
{
    [Fact]
    public void FloatKeys_OrderLikeTheFloats()
    {
        float[] values = [float.MinValue, -1e30f, -2, -1, -float.Epsilon, -0f, 0f, float.Epsilon, 1e-30f, 1, 2, float.MaxValue];
        for (int i = 1; i < values.Length; i++) Assert.True(FloatKeys.ToKey(values[i - 1]) < FloatKeys.ToKey(values[i]));
        foreach (float v in values) Assert.Equal(BitConverter.SingleToInt32Bits(v), BitConverter.SingleToInt32Bits(FloatKeys.FromKey(FloatKeys.ToKey(v))));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 10)]
    [InlineData(3, 5000)]
    [InlineData(4, 100000)]
    public void SortsLikeArraySort_KeepingEachWeightWithItsValue(int seed, int count)
    {
        var random = new Random(seed);
        float[] values = ClusteringTestData.Laplacian(random, count).Select((v, i) => i % 7 == 0 ? MathF.Round(v) : v).ToArray();
        float[] weights = values.Select(v => v * 3 + 1000).ToArray(); // a function of the value, so pairs can be checked

        SortedSample sample = SortedSample.Create(values, weights);

        float[] expected = values.Order().ToArray();
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(expected[i], sample.Value(i));
            Assert.Equal(sample.Value(i) * 3 + 1000, sample.Weight(i));
        }
    }

    [Fact]
    public void DistinctPoints_MergeEqualValues_AndSumTheirWeights()
    {
        SortedPoints points = SortedPoints.Create(SortedSample.Create([2, -0f, 2, 0f, 5], [1, 2, 3, 4, 5]), weighted: true);

        Assert.Equal(new[] { 0f, 2f, 5f }, points.Values);
        Assert.Equal(6, points.Weight(0, 1));
        Assert.Equal(4, points.Weight(1, 2));
        Assert.Equal(2, points.Multiplicity(1, 2));
        Assert.Equal((4 * 2 + 5 * 5) / 9.0, points.Mean(1, 3), 12);
    }
}
