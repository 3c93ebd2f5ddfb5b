using Microsoft.ML.OnnxRuntime;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.Foreign;

/// <summary>Exporter-shaped models run on the Fashion-MNIST images: flat, N×H×W and NHWC inputs, half precision.</summary>
public class ForeignModelExecutionTests
{
    static ImageTensors TestImages(int count) => new(TestData.Test.Images.Take(count));

    [Fact]
    public void MlpTakingFlatImages_ScoresAsOnnxRuntimesArgmax()
    {
        ModelProto mlp = ForeignModels.Mlp();
        ImageTensors images = TestImages(500);

        AccuracyResult ours = Accuracy.TopOne(mlp, images, CPU);

        Assert.Equal(OrtCorrect(mlp, images), ours.Correct);
        using var module = new OnnxGraphModule(mlp);
        Assert.Equal(ImageLayout.Flat, module.ImageLayout);
    }

    [Fact]
    public void LenetTakingNhwcOrChannelFreeImages_ScoresAsTheSample()
    {
        ImageTensors images = TestImages(2000);
        AccuracyResult sample = Accuracy.TopOne(ForeignModels.Lenet(), images, CPU);

        Assert.Equal(sample, Accuracy.TopOne(ForeignModels.LenetChannelsLast(), images, CPU));
        Assert.Equal(sample, Accuracy.TopOne(ForeignModels.LenetWithoutChannel(), images, CPU));
    }

    [Fact]
    public void HalfPrecisionLenet_RunsInFloat32_WithinHalfAPointOfTheSample_AndKeepsItsInitializersAsParameters()
    {
        ModelProto lenet = ForeignModels.Lenet(), half = ForeignModels.HalfPrecision(lenet);

        double full = Accuracy.TopOne(lenet, TestData.Test, CPU).Percent;
        double halved = Accuracy.TopOne(half, TestData.Test, CPU).Percent;

        Assert.InRange(halved, full - 0.5, full + 0.5);
        using var reference = new OnnxGraphModule(lenet);
        using var module = new OnnxGraphModule(half);
        Assert.Equal(reference.Initializers.Keys, module.Initializers.Keys);
        Assert.All(module.Initializers.Values, p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    // ONNX Runtime's predictions on the same pixels, flattened as the model declares.
    static long OrtCorrect(ModelProto model, ImageTensors images)
    {
        (Tensor pixels, Tensor labels) = images.Batch(Enumerable.Range(0, images.Count).ToArray());
        using (pixels)
        using (labels)
        {
            using Tensor flat = pixels.reshape(images.Count, -1);
            List<Onnx.Oracle.OrtOracle.Output> outputs = Onnx.Oracle.OrtOracle.Run(Google.Protobuf.MessageExtensions.ToByteArray(model),
                [(model.Graph.Input[0].Name, flat)]);
            double[] scores = outputs[0].Values;
            int classes = (int)outputs[0].Shape[1];
            long[] truth = labels.data<long>().ToArray();
            long correct = 0;
            for (int n = 0; n < images.Count; n++)
            {
                int best = 0;
                for (int c = 1; c < classes; c++)
                    if (scores[n * classes + c] > scores[n * classes + best]) best = c;
                if (best == truth[n]) correct++;
            }
            return correct;
        }
    }
}
