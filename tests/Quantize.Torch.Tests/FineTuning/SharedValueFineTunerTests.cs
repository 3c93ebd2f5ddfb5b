using Quantize.Torch.FineTuning;
using Quantize.Torch.Onnx;
using Quantize.Torch.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.FineTuning;

public class SharedValueFineTunerTests
{
    const int Images = 320;

    public SharedValueFineTunerTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WeightsEqualTheirCentersExactlyAndPrunedStayZero(bool perLayer)
    {
        QuantizedState state = QuantizedLeNet.Build(cells: 4, keep: 0.3, perLayer);
        int[][] clustersBefore = state.Parameters.Select(p => p.Clusters.ToArray()).ToArray();
        using var module = new OnnxGraphModule(QuantizedLeNet.Onnx);
        var assigned = state.Parameters.Select(p => p.Name).ToHashSet();
        Dictionary<string, float[]> frozenBefore = module.Initializers.Where(p => !assigned.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());

        FineTuningResult result = SharedValueFineTuner.FineTune(module, state, TestData.Train,
            new FineTuningOptions { Epochs = 1, Limit = Images, LearningRate = 1e-3, Seed = 2 });

        Assert.Equal(state.Codebooks.Select(c => c.Length), result.Centers.Select(c => c.Length));
        Assert.NotEqual(state.Codebooks.SelectMany(c => c), result.Centers.SelectMany(c => c)); // the centers did move
        for (int p = 0; p < state.Parameters.Count; p++)
        {
            CodebookAssignment assignment = state.Parameters[p];
            Assert.Equal(clustersBefore[p], assignment.Clusters);
            Parameter live = module.Initializers[assignment.Name];
            Assert.False(live.requires_grad);
            float[] values = live.data<float>().ToArray();
            float[] centers = result.Centers[assignment.Codebook];
            for (int i = 0; i < values.Length; i++)
            {
                int cluster = assignment.Clusters[i];
                int expected = cluster == CodebookAssignment.Pruned ? 0 : BitConverter.SingleToInt32Bits(centers[cluster]);
                Assert.Equal(expected, BitConverter.SingleToInt32Bits(values[i])); // exact, and +0.0f for pruned
            }
        }
        foreach ((string name, float[] before) in frozenBefore)
            Assert.Equal(before, module.Initializers[name].data<float>().ToArray());
    }

    [Fact]
    public void ScaledElements_AreTheirCenterTimesTheirScale_AndTheCentersStillLearn()
    {
        // Under --scale an element is c·s: every other element of each tensor scaled by 2, the rest by 0.5.
        QuantizedState plain = QuantizedLeNet.Build(cells: 8, keep: 0.5, perLayer: false);
        var scaled = new QuantizedState(plain.Codebooks, plain.Parameters.Select(p => p with
        {
            Scales = Enumerable.Range(0, p.Clusters.Length).Select(i => i % 2 == 0 ? 2f : 0.5f).ToArray(),
        }).ToList());
        using var module = new OnnxGraphModule(QuantizedLeNet.Onnx);

        FineTuningResult result = SharedValueFineTuner.FineTune(module, scaled, TestData.Train,
            new FineTuningOptions { Epochs = 1, Limit = 192, LearningRate = 1e-3, Seed = 2 });

        Assert.NotEqual(plain.Codebooks.SelectMany(c => c), result.Centers.SelectMany(c => c));
        foreach (CodebookAssignment assignment in scaled.Parameters)
        {
            float[] values = module.Initializers[assignment.Name].data<float>().ToArray();
            float[] centers = result.Centers[assignment.Codebook];
            for (int i = 0; i < values.Length; i++)
            {
                int cluster = assignment.Clusters[i];
                float expected = cluster == CodebookAssignment.Pruned ? 0f : centers[cluster] * assignment.Scales![i];
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(values[i])); // as the decoder multiplies
            }
        }
    }

    [Fact]
    public void FineTuningRecoversTrainingLossLostToTwoBitQuantization()
    {
        // The sample model fits these images almost perfectly (loss about 0.002); 2 bits per weight raise that
        // to about 0.19, which three short epochs bring down.
        QuantizedState state = QuantizedLeNet.Build(cells: 4, keep: 0.3, perLayer: true);
        using var module = new OnnxGraphModule(QuantizedLeNet.Onnx);
        using var quantized = new OnnxGraphModule(QuantizedLeNet.Reconstruct(state, state.Codebooks));
        double before = TrainingLoss(quantized);

        FineTuningResult result = SharedValueFineTuner.FineTune(module, state, TestData.Train,
            new FineTuningOptions { Epochs = 3, Limit = Images, LearningRate = 1e-3, Seed = 4 });
        double after = TrainingLoss(module);

        Assert.Equal(3, result.EpochLosses.Count);
        Assert.True(result.EpochLosses[^1] < result.EpochLosses[0], $"epoch losses {string.Join(", ", result.EpochLosses)}");
        Assert.True(after < before, $"training loss {before:F4} quantized, {after:F4} fine-tuned");
    }

    [Fact]
    public void SumAndAverageMoveTheCentersDifferently()
    {
        QuantizedState state = QuantizedLeNet.Build(cells: 8, keep: 0.5, perLayer: true);
        // SGD, where the aggregate sets the step size (Adam divides a constant factor per center out).
        float[] Run(GradientAggregate aggregate)
        {
            using var module = new OnnxGraphModule(QuantizedLeNet.Onnx);
            return SharedValueFineTuner.FineTune(module, state, TestData.Train, new FineTuningOptions
            {
                Epochs = 1, Limit = 128, LearningRate = 1e-5, Aggregate = aggregate, Optimizer = TrainingOptimizer.Sgd,
            }).Centers.SelectMany(c => c).ToArray();
        }
        float[] initial = state.Codebooks.SelectMany(c => c).ToArray();
        float[] sum = Run(GradientAggregate.Sum), average = Run(GradientAggregate.Average);

        double Moved(float[] centers) => centers.Zip(initial, (a, b) => Math.Abs((double)a - b)).Sum();
        Assert.NotEqual(sum, average);
        // Clusters hold hundreds to thousands of weights: summed gradients move the centers much further.
        Assert.True(Moved(sum) > 10 * Moved(average), $"moved {Moved(sum):E3} with sums, {Moved(average):E3} with averages");
    }

    [Fact]
    public void SameSeedGivesIdenticalCentersAndAnotherSeedDoesNot()
    {
        QuantizedState state = QuantizedLeNet.Build(cells: 4, keep: 0.3, perLayer: true);
        float[] Run(long seed)
        {
            using var module = new OnnxGraphModule(QuantizedLeNet.Onnx);
            return SharedValueFineTuner.FineTune(module, state, TestData.Train,
                new FineTuningOptions { Epochs = 1, Limit = 192, LearningRate = 1e-3, Seed = seed }).Centers.SelectMany(c => c).ToArray();
        }
        float[] first = Run(8);
        Assert.Equal(first, Run(8));
        Assert.NotEqual(first, Run(9));
    }

    [Fact]
    public void RejectsAssignmentsThatDoNotFitTheModel()
    {
        using var module = new OnnxGraphModule(QuantizedLeNet.Onnx);
        var options = new FineTuningOptions { Limit = 64 };
        var unknown = new QuantizedState([[0f, 1f]], [new CodebookAssignment("no-such-tensor", 0, [0, 1])]);
        Assert.Contains("no-such-tensor", Assert.Throws<ArgumentException>(() => SharedValueFineTuner.FineTune(module, unknown, TestData.Train, options)).Message);

        string name = module.Initializers.Keys.First();
        var tooShort = new QuantizedState([[0f, 1f]], [new CodebookAssignment(name, 0, [0, 1])]);
        Assert.Contains("cluster indices", Assert.Throws<ArgumentException>(() => SharedValueFineTuner.FineTune(module, tooShort, TestData.Train, options)).Message);
        Assert.All(module.Initializers.Values, p => Assert.False(p.requires_grad));

        Assert.Throws<ArgumentException>(() => new QuantizedState([[0f, 1f]], [new CodebookAssignment(name, 0, [2])]));
        Assert.Throws<ArgumentException>(() => new QuantizedState([[0f, 1f]], [new CodebookAssignment(name, 1, [0])]));
    }

    // Mean cross-entropy over the images fine-tuning trained on.
    static double TrainingLoss(OnnxGraphModule module)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        (Tensor pixels, Tensor labels) = TestData.Train.Batch(Enumerable.Range(0, Images).ToArray());
        return nn.functional.cross_entropy(module.forward(pixels), labels).item<float>();
    }
}
