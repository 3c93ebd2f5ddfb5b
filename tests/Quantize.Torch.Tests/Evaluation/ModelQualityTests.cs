using Google.Protobuf;
using Quantize.Core.Fidelity;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using Quantize.Torch.Tests.Onnx.Oracle;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Evaluation;

public class ModelQualityTests
{
    public ModelQualityTests() => TorchRuntime.EnsureLoaded();

    // 2,500 test images: three batches, the last one short, at a third of the full set's time.
    const int Images = 2_500;

    static readonly ImageTensors Test = new(TestData.Test.Images.Take(Images));

    static ImageTensorsData LeNetTest(int? count = null) =>
        ImageTensorsData.For(RestoredLeNet.Original, count is { } n ? new ImageTensors(TestData.Test.Images.Take(n)) : Test);

    [Fact]
    public void AQuantizedLeNetFollowsItsOriginalClosely()
    {
        ModelProto restored = RestoredLeNet.WithClusters(16);
        QualityResult quality = ModelQuality.Compare(RestoredLeNet.Original, restored, LeNetTest());

        FidelityMeasures overall = quality.Fidelity.Overall;
        Assert.Equal(Images, overall.Samples);
        Assert.InRange(overall.Agreement!.Value, 0.9, 0.9999);
        Assert.InRange(overall.CosineMean, 0.9, 0.99999);
        Assert.True(overall.CosineMin < overall.CosineMean);
        Assert.InRange(overall.SqnrDb, 5, 60);
        Assert.Equal(-20 * Math.Log10(overall.RelativeL2), overall.SqnrDb, 9);
        Assert.Equal(overall, Assert.Single(quality.Fidelity.Outputs).Measures);
    }

    [Fact]
    public void AccuracyIsWhatTheAccuracyPathScoresForBothModels()
    {
        ModelProto restored = RestoredLeNet.WithClusters(16);
        QualityResult quality = ModelQuality.Compare(RestoredLeNet.Original, restored, LeNetTest());

        Assert.Equal(Accuracy.TopOne(RestoredLeNet.Original, Test, CPU), quality.OriginalAccuracy);
        Assert.Equal(Accuracy.TopOne(restored, Test, CPU), quality.RestoredAccuracy);
        Assert.Equal(GraphInterface.Of(RestoredLeNet.Original.Graph).ScoreOutput, quality.AccuracyOutput);
        Assert.NotEqual(quality.OriginalAccuracy, quality.RestoredAccuracy);
    }

    [Fact]
    public void AModelAgainstItselfAgreesFullyWithCosineOneAndInfiniteSqnr()
    {
        QualityResult quality = ModelQuality.Compare(RestoredLeNet.Original, RestoredLeNet.Original, LeNetTest());

        FidelityMeasures overall = quality.Fidelity.Overall;
        Assert.Equal(1.0, overall.Agreement);
        Assert.Equal(1.0, overall.CosineMean);
        Assert.Equal(1.0, overall.CosineMin);
        Assert.Equal(0, overall.RelativeL2);
        Assert.Equal(double.PositiveInfinity, overall.SqnrDb);
        Assert.Equal(quality.OriginalAccuracy, quality.RestoredAccuracy);
        Assert.Equal(0, quality.AccuracyDrop);
    }

    [Fact]
    public void StreamsTheSameMeasuresAsOneRunOverTheWholeSplit()
    {
        // The reference: both models run once on all images, the measures computed from the whole output arrays.
        ModelProto restored = RestoredLeNet.WithClusters(8);
        ImageTensorsData data = LeNetTest();
        QualityResult quality = ModelQuality.Compare(RestoredLeNet.Original, restored, data);

        using var scope = NewDisposeScope();
        using var original = new OnnxGraphModule(RestoredLeNet.Original);
        using var candidate = new OnnxGraphModule(restored);
        ModelBatch all = data.Batch(Enumerable.Range(0, Images).ToArray());
        using (no_grad())
            AssertMeasures(Doubles(candidate.Run(all.Inputs)[0]), Doubles(original.Run(all.Inputs)[0]), Images, quality.Fidelity.Overall, 9);
    }

    [Fact]
    public void MeasuresWhatOnnxRuntimeOutputsImply()
    {
        // ONNX Runtime runs both models; the measures follow from its outputs.
        float[] w = Weights(7), other = w.Select((v, i) => v + (i % 4 - 1.5f) * 0.05f).ToArray();
        float[] x = Enumerable.Range(0, 10 * 4 * 3).Select(i => (float)Math.Sin(i)).ToArray();
        var data = new ArrayData("x", x, [4, 3]);
        ModelProto reference = Sequence(w, batch: null), candidate = Sequence(other, batch: null);
        QualityResult quality = ModelQuality.Compare(reference, candidate, data);

        (string, Tensor)[] inputs = [.. data.Batch(Enumerable.Range(0, 10).ToArray()).Inputs.Select(i => (i.Key, i.Value))];
        double[] y0 = OrtOracle.Run(reference.ToByteArray(), inputs)[0].Values, y = OrtOracle.Run(candidate.ToByteArray(), inputs)[0].Values;
        AssertMeasures(y, y0, 10, quality.Fidelity.Overall, 5);
    }

    [Fact]
    public void ASequenceOutputHasFidelityWithoutAgreementAndIntegerOutputsAreSkipped()
    {
        // y = x·W over [N,T,H] samples; the restored model doubles W, so y doubles: every cosine is 1, the relative
        // error exactly 1 and the SQNR 0 dB. The ArgMax output (int64) is skipped; no labels, no accuracy.
        var random = new Random(3);
        float[] w = Weights(3);
        float[] x = Enumerable.Range(0, 10 * 4 * 3).Select(_ => (float)random.NextDouble()).ToArray();
        var data = new ArrayData("x", x, [4, 3]);

        QualityResult quality = ModelQuality.Compare(Sequence(w, batch: null), Sequence(w.Select(v => 2 * v).ToArray(), batch: null), data);

        OutputFidelity hidden = Assert.Single(quality.Fidelity.Outputs);
        Assert.Equal("hidden", hidden.Name);
        Assert.Null(hidden.Measures.Agreement);
        Assert.Null(quality.Fidelity.Overall.Agreement);
        Assert.Equal(10, hidden.Measures.Samples);
        Assert.Equal(1.0, hidden.Measures.CosineMin, 12);
        Assert.Equal(1.0, hidden.Measures.RelativeL2, 12);
        Assert.Equal(0.0, hidden.Measures.SqnrDb, 10);
        SkippedOutput skipped = Assert.Single(quality.Skipped);
        Assert.Equal("position", skipped.Name);
        Assert.Contains("not a floating-point output", skipped.Reason);
        Assert.Null(quality.OriginalAccuracy);
        Assert.Null(quality.AccuracyOutput);
    }

    [Fact]
    public void AGraphWithAFixedBatchMeasuresLikeOneWithout()
    {
        var random = new Random(4);
        float[] w = Weights(4);
        float[] other = w.Select((v, i) => i % 3 == 0 ? -v : v).ToArray();
        float[] x = Enumerable.Range(0, 10 * 4 * 3).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var data = new ArrayData("x", x, [4, 3]);

        QualityResult free = ModelQuality.Compare(Sequence(w, batch: null), Sequence(other, batch: null), data);
        // 10 samples through a graph that takes exactly 4: three runs, the last padded with two zero samples.
        QualityResult fixedFour = ModelQuality.Compare(Sequence(w, batch: 4), Sequence(other, batch: 4), data);

        // Padding adds nothing to any sum: the same numbers up to the matrix product's rounding at another batch size.
        FidelityMeasures a = free.Fidelity.Overall, b = fixedFour.Fidelity.Overall;
        Assert.Equal(10, b.Samples);
        Assert.Equal(a.CosineMean, b.CosineMean, 6);
        Assert.Equal(a.CosineMin, b.CosineMin, 6);
        Assert.Equal(a.RelativeL2, b.RelativeL2, 6);
        Assert.True(free.Fidelity.Overall.CosineMin < 1);
    }

    [Fact]
    public void RejectsARestoredModelWithOtherOutputs()
    {
        ModelProto renamed = RestoredLeNet.Original.Clone();
        string old = renamed.Graph.Output[0].Name;
        renamed.Graph.Output[0].Name = "renamed";
        foreach (NodeProto node in renamed.Graph.Node)
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i] == old) node.Output[i] = "renamed";
        var error = Assert.Throws<IncompatibleModelException>(() => ModelQuality.Compare(RestoredLeNet.Original, renamed, LeNetTest(10)));
        Assert.Contains("renamed", error.Message);
    }

    [Fact]
    public void SaysWhichInputTheDataLacks()
    {
        var data = new ArrayData("tokens", new float[12], [4, 3]);
        float[] w = new float[15];
        var error = Assert.Throws<IncompatibleModelException>(() => ModelQuality.Compare(Sequence(w, null), Sequence(w, null), data));
        Assert.Contains("'x'", error.Message);
        Assert.Contains("'tokens'", error.Message);
    }

    // x [N,4,3] · W [3,5] → hidden [N,4,5] float; ArgMax over the last axis → position [N,4] int64.
    static ModelProto Sequence(float[] w, long? batch)
    {
        var builder = new OnnxGraphBuilder("sequence", 13);
        builder.Input("x", batch is { } b ? (object)b : "N", 4L, 3L);
        builder.Initializer("w", [3, 5], w);
        builder.Node("MatMul", ["x", "w"], "hidden");
        builder.Node("ArgMax", ["hidden"], "position", OnnxGraphBuilder.Int("axis", 2), OnnxGraphBuilder.Int("keepdims", 0));
        builder.Output("hidden", batch is { } c ? (object)c : "N", 4L, 5L);
        builder.Output("position", TensorProto.Types.DataType.Int64);
        return builder.ToModel("test");
    }

    static float[] Weights(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 15).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
    }

    static double[] Doubles(Tensor t) => t.to(ScalarType.Float64).contiguous().data<double>().ToArray();

    // The measures written out from their definitions over whole output arrays (rows = samples).
    static void AssertMeasures(double[] y, double[] y0, int count, FidelityMeasures measured, int digits)
    {
        int width = y0.Length / count;
        double cosineSum = 0, cosineMin = 1, error = 0, norm = 0;
        int agreeing = 0;
        for (int s = 0; s < count; s++)
        {
            double[] a = y[(s * width)..((s + 1) * width)], b = y0[(s * width)..((s + 1) * width)];
            double cosine = a.Zip(b, (u, v) => u * v).Sum() / Math.Sqrt(a.Sum(u => u * u) * b.Sum(v => v * v));
            cosineSum += cosine;
            cosineMin = Math.Min(cosineMin, cosine);
            error += a.Zip(b, (u, v) => (u - v) * (u - v)).Sum();
            norm += b.Sum(v => v * v);
            if (Array.IndexOf(a, a.Max()) == Array.IndexOf(b, b.Max())) agreeing++;
        }
        Assert.Equal(count, measured.Samples);
        if (measured.Agreeing != null) Assert.Equal(agreeing, measured.Agreeing);
        Assert.Equal(cosineSum / count, measured.CosineMean, digits);
        Assert.Equal(cosineMin, measured.CosineMin, digits);
        Assert.Equal(Math.Sqrt(error / norm), measured.RelativeL2, digits);
        Assert.Equal(10 * Math.Log10(norm / error), measured.SqnrDb, digits - 2);
    }
}
