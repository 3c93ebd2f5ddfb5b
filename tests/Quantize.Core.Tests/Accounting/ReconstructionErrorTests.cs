using Quantize.Core.Accounting;

namespace Quantize.Core.Tests.Accounting;

public class ReconstructionErrorTests
{
    [Fact]
    public void RelativeErrorAndSqnr_AreScaleFree_AndAgree()
    {
        float[] original = [3, 4];        // ‖w‖² = 25
        float[] restored = [3, 3];        // ‖e‖² = 1
        ReconstructionError e = ReconstructionError.Of(original, restored);
        Assert.Equal(0.2, e.RelativeL2, 12);
        Assert.Equal(10 * Math.Log10(25), e.SqnrDb, 12);
        Assert.Equal(-20 * Math.Log10(e.RelativeL2), e.SqnrDb, 9);

        ReconstructionError scaled = ReconstructionError.Of([3000, 4000], [3000, 3000]);
        Assert.Equal(e.SqnrDb, scaled.SqnrDb, 9);
    }

    [Fact]
    public void ExactAndHopelessCases_HaveInfiniteValues()
    {
        Assert.Equal(double.PositiveInfinity, ReconstructionError.Of([1, 2], [1, 2]).SqnrDb);
        Assert.Equal(0, ReconstructionError.Of([1, 2], [1, 2]).RelativeL2);
        Assert.Equal(double.NegativeInfinity, ReconstructionError.Of([0, 0], [0, 1]).SqnrDb);
        Assert.Throws<ArgumentException>(() => ReconstructionError.Of([1], [1, 2]));
    }
}
