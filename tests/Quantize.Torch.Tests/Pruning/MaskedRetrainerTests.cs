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

    [Fact]
    public void WeightInAConstantNode_StaysAsPruned_WhileTheInitializersRetrain()
    {
        ModelProto onnx = ForeignModels.LenetWithConstantWeight(out string constant);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(onnx);
        IReadOnlyList<PruningMask> masks = MagnitudePruner.Global(parameters, 0.3);
        ModelProto pruned = ModelParameters.WithValues(onnx, parameters.Where(MagnitudePruner.IsPrunable)
            .Select(p => p with { Values = masks.Single(m => m.Name == p.Name).Apply(p.Values) }));
        using var module = new OnnxGraphModule(pruned);

        MaskedRetrainer.Retrain(module, masks, TestData.Train, new TrainingOptions { Epochs = 1, Limit = 64, LearningRate = 1e-3, Seed = 5 });

        Assert.Equal([constant], MaskedRetrainer.HeldConstant(module, masks).Select(m => m.Name));
        IReadOnlyList<ParameterTensor> retrained = MaskedRetrainer.ReadValues(module, masks);
        Assert.Equal(masks.Select(m => m.Name).Where(n => n != constant), retrained.Select(t => t.Name));
        ParameterTensor held = ModelParameters.Extract(ModelParameters.WithValues(pruned, retrained)).Single(p => p.Name == constant);
        Assert.Equal(masks.Single(m => m.Name == constant).Apply(parameters.Single(p => p.Name == constant).Values), held.Values);
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
