using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Pruning;
using Quantize.Torch.Training;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Pruning;

public class MaskedRetrainerTests
{
    const int Images = 1000;

    public MaskedRetrainerTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void RetrainingKeepsPrunedWeightsZeroAndRecoversTrainingAccuracy()
    {
        ModelProto onnx = OnnxModelFile.Load(RepoPaths.SampleModel);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(onnx);
        // Aggressive enough that pruning alone visibly hurts, so retraining has something to win back.
        IReadOnlyList<PruningMask> masks = MagnitudePruner.Global(parameters, 0.03);
        using var module = new OnnxGraphModule(onnx);
        MaskedRetrainer.ApplyMasks(module, masks);
        double prunedAccuracy = TrainingAccuracy(module, TestData.Train);

        RetrainingResult result = MaskedRetrainer.Retrain(module, masks, TestData.Train,
            new TrainingOptions { Epochs = 1, Limit = Images, LearningRate = 1e-3, Seed = 5 });
        IReadOnlyList<double> losses = result.EpochLosses;
        double retrainedAccuracy = TrainingAccuracy(module, TestData.Train);

        Assert.Single(losses);
        // Adam's moments come back named like the model's initializers, one per float initializer, shaped alike.
        Assert.Equal(module.Initializers.Keys, result.Moments!.Select(m => m.Name));
        Assert.All(result.Moments!, m => Assert.Equal(module.Initializers[m.Name].shape, m.Dims));
        Assert.Contains(result.Moments!, m => m.Values.Any(v => v > 0));
        Assert.True(retrainedAccuracy >= prunedAccuracy, $"training accuracy {prunedAccuracy:P2} pruned, {retrainedAccuracy:P2} retrained");
        Assert.All(module.Initializers.Values, p => Assert.False(p.requires_grad));
        foreach (ParameterTensor tensor in MaskedRetrainer.ReadValues(module, masks))
        {
            PruningMask mask = masks.Single(m => m.Name == tensor.Name);
            float[] live = module.Initializers[tensor.Name].data<float>().ToArray();
            for (int i = 0; i < mask.Count; i++)
                if (!mask.Keep[i])
                {
                    Assert.Equal(0f, live[i]);
                    Assert.Equal(0, BitConverter.SingleToInt32Bits(tensor.Values[i])); // +0.0f in the file
                }
        }
    }

    // Top-1 on the images retraining saw: the claim is about fitting them, not about generalising.
    static double TrainingAccuracy(OnnxGraphModule module, ImageTensors train)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        (Tensor pixels, Tensor labels) = train.Batch(Enumerable.Range(0, Images).ToArray());
        return module.forward(pixels).argmax(1).eq(labels).sum().item<long>() / (double)Images;
    }
}
