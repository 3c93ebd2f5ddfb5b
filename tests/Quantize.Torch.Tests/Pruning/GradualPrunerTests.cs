using Quantize.Data.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Pruning;
using Quantize.Torch.Training;

namespace Quantize.Torch.Tests.Pruning;

/// <summary>Gradual pruning with real training on the shipped sample, scaled down: 320 images (5 batches) per epoch.</summary>
public class GradualPrunerTests
{
    const int Images = 320, PruneEpochs = 2, MaskEvery = 2;

    public GradualPrunerTests() => TorchRuntime.EnsureLoaded();

    static readonly TrainingOptions FineTune = new() { Epochs = 1, Limit = Images, LearningRate = 1e-3, Seed = 7 };

    static (GradualPruningResult Result, IReadOnlyList<ParameterTensor> Values) Prune(PruningTarget target, TrainingOptions options)
    {
        ModelProto onnx = OnnxModelFile.Load(RepoPaths.SampleModel);
        IModelData train = ModelDataResolver.Resolve(onnx, RepoPaths.FashionMnist, DatasetSplit.Train);
        using var module = new OnnxGraphModule(onnx);
        GradualPruningResult result = GradualPruner.Run(module, ModelParameters.Extract(onnx), target, PruneEpochs, MaskEvery, train, options);
        // What the module holds after training, not what the masks say it should: the zeros must be real.
        IReadOnlyList<ParameterTensor> live = module.Initializers.Select(p => new ParameterTensor(p.Key, p.Value.shape, p.Value.data<float>().ToArray())).ToList();
        return (result, live);
    }

    [Fact]
    public void GlobalTarget_DensitiesFollowThePolynomial_EndExactly_AndPrunedWeightsStayZero()
    {
        (GradualPruningResult result, IReadOnlyList<ParameterTensor> live) = Prune(PruningTarget.Global(0.1), FineTune);

        var schedule = new PolynomialSchedule(PruneEpochs * (Images / 64), MaskEvery); // 10 steps: updates at 0, 2, 4, 6, 8
        long total = result.Masks.Sum(m => (long)m.Count);
        Assert.Equal([0L, 2, 4, 6, 8], result.Updates.Select(u => u.Step));
        foreach (MaskUpdate update in result.Updates)
            Assert.Equal((long)Math.Round(schedule.KeptFraction(update.Step, 0.1) * total, MidpointRounding.AwayFromZero), update.Kept);
        Assert.Equal(total, result.Updates[0].Kept);
        Assert.Equal((long)Math.Round(0.1 * total, MidpointRounding.AwayFromZero), result.Masks.Sum(m => (long)m.Kept));
        Assert.Equal(PruneEpochs + FineTune.Epochs, result.Training.EpochLosses.Count);

        foreach (PruningMask mask in result.Masks)
        {
            float[] values = live.Single(p => p.Name == mask.Name).Values;
            for (int i = 0; i < mask.Count; i++)
                if (!mask.Keep[i]) Assert.Equal(0f, values[i]);
            Assert.Contains(values, v => v != 0);
        }
    }

    [Fact]
    public void PerLayerTargets_AreReachedExactlyPerLayer()
    {
        var keep = new Dictionary<string, double> { ["conv1.weight"] = 0.5, ["fc1.weight"] = 0.05 };
        (GradualPruningResult result, _) = Prune(PruningTarget.PerLayer(keep), FineTune with { Epochs = 0 });

        foreach (PruningMask mask in result.Masks)
        {
            double expected = keep.GetValueOrDefault(mask.Name, 1.0);
            Assert.Equal((int)Math.Round(expected * mask.Count, MidpointRounding.AwayFromZero), mask.Kept);
        }
        Assert.Equal(PruneEpochs, result.Training.EpochLosses.Count);
    }

    [Fact]
    public void SameSeed_GivesIdenticalBytes_AnotherSeedDoesNot()
    {
        PruningTarget target = PruningTarget.Global(0.2);
        IReadOnlyList<ParameterTensor> first = Prune(target, FineTune).Values, again = Prune(target, FineTune).Values;
        IReadOnlyList<ParameterTensor> other = Prune(target, FineTune with { Seed = 8 }).Values;

        static byte[] Bytes(IReadOnlyList<ParameterTensor> tensors) =>
            tensors.SelectMany(t => t.Values.SelectMany(BitConverter.GetBytes)).ToArray();
        Assert.Equal(Bytes(first), Bytes(again));
        Assert.NotEqual(Bytes(first), Bytes(other));
    }

    [Fact]
    public void WeightInAConstantNode_IsRankedByItsGivenValues_AndCountsTowardTheTarget()
    {
        ModelProto onnx = ForeignModels.LenetWithConstantWeight(out string constant);
        IModelData train = ModelDataResolver.Resolve(onnx, RepoPaths.FashionMnist, DatasetSplit.Train);
        using var module = new OnnxGraphModule(onnx);
        GradualPruningResult result = GradualPruner.Run(module, ModelParameters.Extract(onnx), PruningTarget.Global(0.3), PruneEpochs, MaskEvery, train,
            FineTune with { Epochs = 0 });

        Assert.Equal([constant], MaskedRetrainer.HeldConstant(module, result.Masks).Select(m => m.Name));
        long total = result.Masks.Sum(m => (long)m.Count);
        Assert.Equal((long)Math.Round(0.3 * total, MidpointRounding.AwayFromZero), result.Masks.Sum(m => (long)m.Kept));
        Assert.InRange(result.Masks.Single(m => m.Name == constant).Kept, 1, result.Masks.Single(m => m.Name == constant).Count - 1);
    }

    [Fact]
    public void MaskIntervalLongerThanThePruning_IsACleanError()
    {
        ModelProto onnx = OnnxModelFile.Load(RepoPaths.SampleModel);
        IModelData train = ModelDataResolver.Resolve(onnx, RepoPaths.FashionMnist, DatasetSplit.Train);
        using var module = new OnnxGraphModule(onnx);
        var error = Assert.Throws<PruningSpecException>(() =>
            GradualPruner.Run(module, ModelParameters.Extract(onnx), PruningTarget.Global(0.1), 1, 200, train, FineTune));
        Assert.Contains("--mask-every 200", error.Message);
    }
}
