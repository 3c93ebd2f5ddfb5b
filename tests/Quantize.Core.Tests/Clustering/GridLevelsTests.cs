using Quantize.Core.Clustering.Uniform;

namespace Quantize.Core.Tests.Clustering;

/// <summary>The grid rule value = float32(level × step): exact in double up to 2^29, and only grid points have levels.</summary>
public class GridLevelsTests
{
    [Fact]
    public void TheDoubleProduct_IsExact_UpToTheLargestLevel()
    {
        // A product is exact when the fused multiply-add finds no rounding error in it.
        var random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            float step = BitConverter.Int32BitsToSingle(random.Next(0x00800000, 0x7F800000));
            long level = random.NextInt64(-GridLevels.MaxLevel, GridLevels.MaxLevel + 1);
            double product = level * (double)step;
            Assert.Equal(0, Math.FusedMultiplyAdd(level, step, -product));
        }
        // Past it the product may round: 2^29 + 1 and a step of 24 significant bits need 54.
        float full = BitConverter.Int32BitsToSingle(0x3FFFFFFF);
        long past = GridLevels.MaxLevel * 2 + 1;
        Assert.NotEqual(0, Math.FusedMultiplyAdd(past, full, -(past * (double)full)));
    }

    [Fact]
    public void Of_FindsTheLevels_OfGridPointsOnly()
    {
        Assert.Equal([-2L, 1, 4], GridLevels.Of([-0.5f, 0.25f, 1f], 0.25f)!);
        float step = (float)0.07;
        Assert.Equal([-3L, 0, 500], GridLevels.Of([GridLevels.Value(-3, step), 0f, GridLevels.Value(500, step)], step)!);
        Assert.Null(GridLevels.Of([0.25f, 0.3f], 0.25f));                       // 0.3 is no multiple
        Assert.Null(GridLevels.Of([-0f], 0.25f));                               // level 0 gives +0.0, not -0.0
        Assert.Null(GridLevels.Of([(float)(3 * 0.07)], step));                  // 3 × the double step, not the float32 one
        Assert.Null(GridLevels.Of([2147483648f], 1f));                          // level 2^31: beyond the exact range
        Assert.Null(GridLevels.Of([1f], 0f));
        Assert.Null(GridLevels.Of([float.NaN], 1f));
        Assert.Empty(GridLevels.Of([], 1f)!);
    }
}
