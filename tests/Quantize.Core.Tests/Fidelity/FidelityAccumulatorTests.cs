using Quantize.Core.Fidelity;

namespace Quantize.Core.Tests.Fidelity;

public class FidelityAccumulatorTests
{
    [Fact]
    public void MeasuresAHandCheckedPair()
    {
        // Sample 1: y = (3, 1) against y₀ = (3, 0): top-1 agrees, cos = 9/(√10·3) = 3/√10, squared error 1.
        // Sample 2: y = (0, 2) against y₀ = (2, 0): top-1 differs, cos = 0, squared error 8.
        // Split: ‖y − y₀‖² = 9, ‖y₀‖² = 13: relative error 3/√13, SQNR 10·log10(13/9) dB.
        var accumulator = new FidelityAccumulator("scores", classScores: true);
        accumulator.Add([3f, 1f, 0f, 2f], [3f, 0f, 2f, 0f], 2);
        FidelityMeasures m = accumulator.Result().Measures;

        Assert.Equal(2, m.Samples);
        Assert.Equal(1, m.Agreeing);
        Assert.Equal(0.5, m.Agreement);
        Assert.Equal(3 / Math.Sqrt(10) / 2, m.CosineMean, 15);
        Assert.Equal(0, m.CosineMin);
        Assert.Equal(3 / Math.Sqrt(13), m.RelativeL2, 15);
        Assert.Equal(10 * Math.Log10(13.0 / 9), m.SqnrDb, 12);
    }

    [Fact]
    public void IdenticalOutputsAgreeFullyWithCosineOneAndInfiniteSqnr()
    {
        float[] y = [0.5f, -2f, 7f, 0f, 0f, 0f, 1e-20f, 3e20f, -1f];
        var accumulator = new FidelityAccumulator("scores", classScores: true);
        accumulator.Add(y, y, 3);
        FidelityMeasures m = accumulator.Result().Measures;

        Assert.Equal(1.0, m.Agreement);
        Assert.Equal(1.0, m.CosineMean);
        Assert.Equal(1.0, m.CosineMin);
        Assert.Equal(0, m.RelativeL2);
        Assert.Equal(double.PositiveInfinity, m.SqnrDb);
    }

    [Fact]
    public void AnOutputThatIsNotClassScoresHasNoAgreement()
    {
        var accumulator = new FidelityAccumulator("hidden", classScores: false);
        accumulator.Add([1f, 2f], [1f, 2f], 1);
        Assert.Null(accumulator.Result().Measures.Agreement);
        Assert.Null(accumulator.Result().Measures.Agreeing);
    }

    [Fact]
    public void NaNOutputsMakeTheCosinesNaNAndNeverAgree()
    {
        var accumulator = new FidelityAccumulator("scores", classScores: true);
        accumulator.Add([float.NaN, 1f, 1f, 0f], [0f, 1f, 1f, 0f], 2);
        FidelityMeasures m = accumulator.Result().Measures;
        Assert.Equal(1, m.Agreeing);
        Assert.True(double.IsNaN(m.CosineMin));
        Assert.True(double.IsNaN(m.CosineMean));
    }

    [Theory]
    [InlineData(1, 10, 1)]
    [InlineData(7, 37, 4)]
    [InlineData(1000, 64, 10)]
    public void StreamingMatchesTheSlowReferenceWhateverTheBatches(int batch, int samples, int width)
    {
        var random = new Random(samples * 31 + width);
        float[][] reference = Enumerable.Range(0, samples).Select(_ => Values(random, width)).ToArray();
        // Noise of growing size, a sign flip, an exact copy and a zero row: every case of the per-sample cosine.
        float[][] candidate = reference.Select((y0, s) => s switch
        {
            0 => (float[])y0.Clone(),
            1 => y0.Select(v => -v).ToArray(),
            2 => new float[width],
            _ => y0.Select(v => v + (float)(random.NextDouble() - 0.5) * s / samples).ToArray(),
        }).ToArray();

        var accumulator = new FidelityAccumulator("y", classScores: width > 1);
        for (int start = 0; start < samples; start += batch)
        {
            int count = Math.Min(batch, samples - start);
            accumulator.Add(Flat(candidate, start, count), Flat(reference, start, count), count);
        }
        FidelityMeasures streamed = accumulator.Result().Measures, slow = ReferenceFidelity.Of(candidate, reference, width > 1);

        Assert.Equal(slow.Samples, streamed.Samples);
        Assert.Equal(slow.Agreeing, streamed.Agreeing);
        Assert.Equal(slow.CosineMean, streamed.CosineMean, 12);
        Assert.Equal(slow.CosineMin, streamed.CosineMin, 12);
        Assert.Equal(slow.RelativeL2, streamed.RelativeL2, 12);
        Assert.Equal(slow.SqnrDb, streamed.SqnrDb, 9);
    }

    [Fact]
    public void OneValuePerSample_IsComparedAsOneVectorOverTheSplit()
    {
        // A voice detector's speech probability: every sample's cosine of one positive number is 1, whatever the error.
        var accumulator = new FidelityAccumulator("output", classScores: false);
        accumulator.Add([0.75f, 0.25f], [0.25f, 0.75f], 2);
        accumulator.Add([0.5f], [0.5f], 1);
        FidelityMeasures m = accumulator.Result().Measures;
        double expected = (0.1875 + 0.1875 + 0.25) / (0.5625 + 0.0625 + 0.25); // the same norm on both sides: 5/7
        Assert.Equal(expected, m.CosineMin, 12);
        Assert.Equal(expected, m.CosineMean, 12);
        Assert.Equal(3, m.Samples);
    }

    [Fact]
    public void BatchBoundariesDoNotChangeAnyBit()
    {
        var random = new Random(11);
        float[] reference = Values(random, 300), candidate = reference.Select(v => v * 1.01f + 0.003f).ToArray();
        var whole = new FidelityAccumulator("y", true);
        whole.Add(candidate, reference, 30);
        var pieces = new FidelityAccumulator("y", true);
        foreach ((int start, int count) in new[] { (0, 7), (7, 1), (8, 22) })
            pieces.Add(candidate.AsSpan(start * 10, count * 10), reference.AsSpan(start * 10, count * 10), count);
        Assert.Equal(whole.Result(), pieces.Result());
    }

    [Fact]
    public void RejectsMismatchedOrRaggedBatchesAndAnEmptySplit()
    {
        var accumulator = new FidelityAccumulator("y", false);
        Assert.Throws<ArgumentException>(() => accumulator.Add([1f, 2f], [1f], 1));
        Assert.Throws<ArgumentException>(() => accumulator.Add([1f, 2f, 3f], [1f, 2f, 3f], 2));
        var error = Assert.Throws<InvalidOperationException>(accumulator.Result);
        Assert.Contains("'y'", error.Message);
    }

    static float[] Values(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();

    static float[] Flat(float[][] rows, int start, int count) => rows.Skip(start).Take(count).SelectMany(r => r).ToArray();
}
