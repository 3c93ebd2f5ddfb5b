using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using Quantize.Torch.Pruning;
using Quantize.Torch.Training;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.Foreign;

/// <summary>
/// Exports with a fixed batch size (input [B,1,28,28], a Reshape hard-coding B) run B images at a time, in
/// evaluation, Hessian estimation and retraining alike, and give what the dynamic model gives.
/// </summary>
public class FixedBatchTests
{
    static ImageTensors TestImages(int count) => new(TestData.Test.Images.Take(count));

    [Fact]
    public void LenetTracedAtBatchOne_ScoresLikeOnnxRuntimeImageByImage_AndLikeTheSample()
    {
        ModelProto fixedBatch = ForeignModels.LenetWithFixedBatch(1);
        ImageTensors images = TestImages(300);

        AccuracyResult ours = Accuracy.TopOne(fixedBatch, images, CPU);

        long[] ort = OrtPredictions.Of(fixedBatch, images, LenetInput(fixedBatch), "logits", batch: 1);
        Assert.Equal(OrtPredictions.Correct(ort, images), ours.Correct);
        Assert.Equal(Accuracy.TopOne(ForeignModels.Lenet(), images, CPU), ours);
        using var module = new OnnxGraphModule(fixedBatch);
        Assert.Equal(1, module.FixedBatch);
    }

    [Fact]
    public void FixedBatchOfSeven_PadsTheShortLastBatch_AndPredictsAsOnnxRuntime()
    {
        ModelProto fixedBatch = ForeignModels.LenetWithFixedBatch(7);
        ImageTensors images = TestImages(100); // 14 batches of 7 and one of 2

        using var module = new OnnxGraphModule(fixedBatch);
        (Tensor pixels, Tensor labels) = images.Batch(Enumerable.Range(0, images.Count).ToArray());
        long[] ours;
        using (pixels)
        using (labels)
        using (no_grad())
        using (Tensor scores = module.forward(pixels))
        {
            Assert.Equal([100L, 10L], scores.shape);
            using Tensor predicted = scores.argmax(1);
            ours = predicted.data<long>().ToArray();
        }

        Assert.Equal(OrtPredictions.Of(fixedBatch, images, LenetInput(fixedBatch), "logits", batch: 7), ours);
    }

    [Fact]
    public void RetrainingThroughOneImageRuns_MatchesRetrainingTheDynamicModel()
    {
        ModelProto lenet = ForeignModels.Lenet();
        IReadOnlyList<PruningMask> masks = MagnitudePruner.Global(ModelParameters.Extract(lenet), 0.2);
        var options = new TrainingOptions { Epochs = 1, Limit = 96, BatchSize = 32, LearningRate = 1e-3, Seed = 3 };

        (RetrainingResult dynamic, IReadOnlyList<ParameterTensor> dynamicWeights) = Retrain(lenet, masks, options);
        (RetrainingResult fixedBatch, IReadOnlyList<ParameterTensor> fixedWeights) = Retrain(ForeignModels.LenetWithFixedBatch(1), masks, options);

        Assert.Equal(dynamic.EpochLosses[0], fixedBatch.EpochLosses[0], 1e-4);
        for (int t = 0; t < dynamicWeights.Count; t++)
        {
            Assert.Equal(dynamicWeights[t].Name, fixedWeights[t].Name);
            double largest = dynamicWeights[t].Values.Zip(fixedWeights[t].Values, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(largest < 1e-4, $"'{dynamicWeights[t].Name}' differs by {largest}");
        }
        // The step moved the weights, so agreeing says something.
        float[] before = ModelParameters.Extract(lenet).Single(p => p.Name == "fc1.weight").Values;
        Assert.NotEqual(masks.Single(m => m.Name == "fc1.weight").Apply(before), dynamicWeights.Single(w => w.Name == "fc1.weight").Values);
    }

    [Fact]
    public void GaussNewtonOnOneImageBatches_MatchesTheDynamicModel()
    {
        var data = HessianData.FromImages(new ImageTensors(TestData.Train.Images.Take(12)));
        var options = new HessianOptions { Samples = 12, Mode = GaussNewtonMode.Exact };

        IReadOnlyList<ParameterTensor> dynamic = GaussNewton(ForeignModels.Lenet(), data, options);
        IReadOnlyList<ParameterTensor> fixedBatch = GaussNewton(ForeignModels.LenetWithFixedBatch(1), data, options);

        Assert.Equal(dynamic.Select(t => t.Name), fixedBatch.Select(t => t.Name));
        for (int t = 0; t < dynamic.Count; t++)
            for (int i = 0; i < dynamic[t].Values.Length; i++)
            {
                float a = dynamic[t].Values[i], b = fixedBatch[t].Values[i];
                Assert.True(Math.Abs(a - b) <= 1e-4 * Math.Max(1e-3, Math.Abs(a)), $"'{dynamic[t].Name}'[{i}]: {a} dynamic, {b} fixed");
            }
    }

    static string LenetInput(ModelProto model) => model.Graph.Input[0].Name;

    static (RetrainingResult, IReadOnlyList<ParameterTensor>) Retrain(ModelProto model, IReadOnlyList<PruningMask> masks, TrainingOptions options)
    {
        using var module = new OnnxGraphModule(model);
        MaskedRetrainer.ApplyMasks(module, masks);
        RetrainingResult result = MaskedRetrainer.Retrain(module, masks, TestData.Train, options);
        return (result, MaskedRetrainer.ReadValues(module, masks));
    }

    static IReadOnlyList<ParameterTensor> GaussNewton(ModelProto model, HessianData data, HessianOptions options)
    {
        using var module = new OnnxGraphModule(model);
        return new GaussNewtonEstimator().Estimate(module, data, options);
    }
}
