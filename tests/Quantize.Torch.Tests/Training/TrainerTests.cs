using Quantize.Torch.Evaluation;
using Quantize.Torch.Models;
using Quantize.Torch.Training;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Training;

public class TrainerTests
{
    public TrainerTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void OneShortEpochLiftsLeNet5FarAboveChance()
    {
        manual_seed(3);
        using var model = new LeNet5();
        AccuracyResult before = Accuracy.TopOne(model, TestData.Test);
        var reports = new List<TrainingProgress>();
        Trainer.Train(model, TestData.Train, new TrainingOptions { Epochs = 1, Limit = 2000, Seed = 3 }, new Recorder(reports));
        AccuracyResult after = Accuracy.TopOne(model, TestData.Test);

        Assert.InRange(before.Percent, 0, 25);
        Assert.True(after.Percent > 60, $"accuracy after training {after.Percent:F2}%");
        Assert.Equal(32, reports.Count); // ⌈2000 / 64⌉ batches, one report each
        Assert.True(reports[^1].EpochLoss < reports[0].EpochLoss);
    }

    [Fact]
    public void SameSeedGivesTheSameWeights()
    {
        float[] Train()
        {
            manual_seed(11);
            using var model = new LeNet5();
            Trainer.Train(model, TestData.Train, new TrainingOptions { Epochs = 1, Limit = 256, Seed = 11 });
            return model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        }
        Assert.Equal(Train(), Train());
    }

    sealed class Recorder(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
