using Quantize.Core.Clustering;
using Quantize.Core.Clustering.Points;

namespace Quantize.Core.Tests.Clustering;

public class IntervalAssignmentTests
{
    [Theory]
    [InlineData(1, 1000, 7)]
    [InlineData(2, 300_000, 3)]
    [InlineData(3, 300_000, 256)]
    [InlineData(4, 300_000, 1000)]
    public void EachValueGoesToTheFirstIntervalWhoseBoundItDoesNotExceed(int seed, int count, int intervals)
    {
        var random = new Random(seed);
        float[] values = ClusteringTestData.Laplacian(random, count);
        float[] sorted = values.Distinct().Order().ToArray();
        // Bounds at random distinct values (so many values sit exactly on one), the last at the maximum.
        float[] bounds = Enumerable.Range(0, intervals - 1).Select(_ => sorted[random.Next(sorted.Length - 1)]).Append(sorted[^1]).Distinct().Order().ToArray();

        int[] labels = IntervalAssignment.Labels(values, bounds);

        for (int i = 0; i < count; i++)
        {
            int expected = Array.FindIndex(bounds, b => values[i] <= b);
            if (labels[i] != expected) Assert.Fail($"value {values[i]} got interval {labels[i]}, expected {expected}");
        }
    }

    [Fact]
    public void OneInterval_TakesEverything()
    {
        Assert.Equal(new int[5], IntervalAssignment.Labels([3, 1, 2, 2, 9], [9]));
    }
}
