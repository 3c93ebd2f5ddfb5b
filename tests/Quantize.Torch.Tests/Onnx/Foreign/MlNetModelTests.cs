using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.Foreign;

/// <summary>
/// Exports with several inputs and outputs, as ML.NET writes them: the scores are found among passthrough and
/// predicted-label outputs, a label input the scores do not read is never fed, and one they read is refused.
/// </summary>
public class MlNetModelTests
{
    [Fact]
    public void MlNetExport_IsScoredOnItsScoreOutput_AsOnnxRuntimeScoresIt()
    {
        ModelProto model = ForeignModels.MlNetMlp();
        var images = new ImageTensors(TestData.Test.Images.Take(500));

        ModelInputs.Check(model, images.Images);
        AccuracyResult ours = Accuracy.TopOne(model, images, CPU);

        long[] ort = OrtPredictions.Of(model, images, "Features", "Score", batch: 500);
        Assert.Equal(OrtPredictions.Correct(ort, images), ours.Correct);
        using var module = new OnnxGraphModule(model);
        Assert.Equal(("Features", "Score", ImageLayout.Flat), (module.ImageInput, module.ScoreOutput, module.ImageLayout));
        Assert.DoesNotContain(module.Nodes, n => n.OpType is "ArgMax" or "Identity");
    }

    // Every output, the int64 predicted label included, runs when asked for: the label is the scores' ArgMax.
    [Fact]
    public void RunningEveryOutput_GivesThePredictedLabelAsTheScoresArgMax()
    {
        using var module = new OnnxGraphModule(ForeignModels.MlNetMlp());
        manual_seed(5);
        using Tensor features = rand(4, 784), label = zeros(4, 1);

        Tensor[] outputs = module.Run(new Dictionary<string, Tensor> { ["Features"] = features, ["Label"] = label });

        Tensor predicted = outputs[module.OutputNames.ToList().IndexOf("PredictedLabel")];
        Tensor scores = outputs[module.OutputNames.ToList().IndexOf("Score")];
        Assert.Equal(ScalarType.Int64, predicted.dtype);
        Assert.Equal(scores.argmax(1).data<long>().ToArray(), predicted.data<long>().ToArray());
        foreach (Tensor output in outputs) output.Dispose();
    }

    [Fact]
    public void ScoresThatReadTheLabelInput_AreRefusedNamingBothInputs()
    {
        var e = Assert.Throws<IncompatibleModelException>(() => ModelInputs.Check(ForeignModels.MlNetMlp(labelInScores: true), TestData.Test.Images));

        Assert.Equal("model output 'Score' reads 2 inputs ('Label', 'Features'); the dataset's images are 1x28x28, fed as the only input "
                     + "(eval/hessian/prune/fine-tuning need a model that takes these images)", e.Message);
    }
}
