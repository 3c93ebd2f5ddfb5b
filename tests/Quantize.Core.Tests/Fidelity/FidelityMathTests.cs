using Quantize.Core.Fidelity;

namespace Quantize.Core.Tests.Fidelity;

public class FidelityMathTests
{
    [Fact]
    public void CosineOfHandPickedVectors()
    {
        // (1,0)·(1,1) = 1, ‖(1,0)‖ = 1, ‖(1,1)‖ = √2: cos 45° = 1/√2.
        Assert.Equal(1 / Math.Sqrt(2), FidelityMath.Cosine(1, 1, 2), 15);
        Assert.Equal(-1, FidelityMath.Cosine(-4, 4, 4));
        Assert.Equal(0, FidelityMath.Cosine(0, 1, 1));
    }

    [Fact]
    public void CosineOfZeroVectorsIsOneForBothAndZeroForOne()
    {
        Assert.Equal(1, FidelityMath.Cosine(0, 0, 0));
        Assert.Equal(0, FidelityMath.Cosine(0, 0, 3));
        Assert.Equal(0, FidelityMath.Cosine(0, 3, 0));
    }

    [Fact]
    public void CosineOfAVectorWithItselfIsExactlyOne()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            float[] y = Enumerable.Range(0, 1 + random.Next(50)).Select(_ => (float)(random.NextDouble() * 2e3 - 1e3)).ToArray();
            double dot = y.Sum(v => (double)v * v);
            Assert.Equal(1.0, FidelityMath.Cosine(dot, dot, dot));
        }
    }

    [Fact]
    public void CosineStaysNaNForBrokenOutputs() => Assert.True(double.IsNaN(FidelityMath.Cosine(double.NaN, 1, 1)));

    [Fact]
    public void RelativeErrorAndSqnrOfHandPickedSums()
    {
        // ‖y − y₀‖² = 1, ‖y₀‖² = 100: relative error 0.1, SQNR 20 dB.
        Assert.Equal(0.1, FidelityMath.RelativeL2(1, 100), 15);
        Assert.Equal(20, FidelityMath.SqnrDb(1, 100), 12);
        Assert.Equal(0, FidelityMath.SqnrDb(4, 4));
    }

    [Fact]
    public void EqualOutputsGiveZeroErrorAndInfiniteSqnrEvenForAZeroReference()
    {
        Assert.Equal(0, FidelityMath.RelativeL2(0, 5));
        Assert.Equal(double.PositiveInfinity, FidelityMath.SqnrDb(0, 5));
        Assert.Equal(0, FidelityMath.RelativeL2(0, 0));
        Assert.Equal(double.PositiveInfinity, FidelityMath.SqnrDb(0, 0));
    }

    [Fact]
    public void ErrorAgainstAZeroReferenceIsInfinitelyLarge()
    {
        Assert.Equal(double.PositiveInfinity, FidelityMath.RelativeL2(2, 0));
        Assert.Equal(double.NegativeInfinity, FidelityMath.SqnrDb(2, 0));
    }

    [Fact]
    public void ArgMaxTakesTheFirstOfTiesAndRefusesNaN()
    {
        Assert.Equal(1, FidelityMath.ArgMax([0f, 3f, 3f, -1f]));
        Assert.Equal(0, FidelityMath.ArgMax([float.NegativeInfinity, float.NegativeInfinity]));
        Assert.Equal(-1, FidelityMath.ArgMax([1f, float.NaN, 0f]));
    }
}
