using Quantize.Torch.Data;
using Quantize.Torch.Models;
using Quantize.Torch.Training;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Models;

/// <summary>Briefly trained zoo models on real Fashion-MNIST, small enough for a test.</summary>
static class ZooFixtures
{
    public const int ImagesCompared = 48;

    /// <summary>Builds the architecture with seed 1 and trains it on the first <paramref name="images"/> training images (0 = no training).</summary>
    public static nn.Module<Tensor, Tensor> Trained(string architecture, int images, int batchSize = 32)
    {
        manual_seed(1);
        var model = ModelZoo.Get(architecture).Create(InputShape.FashionMnist);
        if (images > 0)
            Trainer.Train(model, TestData.Train, new TrainingOptions { Epochs = 1, Limit = images, BatchSize = batchSize, Seed = 1 });
        return model;
    }

    /// <summary>Updates BatchNorm's running statistics from real images without a training step, so they differ from their 0/1 start.</summary>
    public static void CalibrateBatchNorm(nn.Module<Tensor, Tensor> model, Tensor pixels)
    {
        model.train();
        using (no_grad()) model.forward(pixels).Dispose();
        model.eval();
    }

    public static Tensor TrainPixels(int count) => Pixels(TestData.Train, count);

    /// <summary>The first test images (never seen in training).</summary>
    public static Tensor TestPixels() => Pixels(TestData.Test, ImagesCompared);

    static Tensor Pixels(ImageTensors data, int count)
    {
        (Tensor pixels, Tensor labels) = data.Batch(Enumerable.Range(0, count).ToArray());
        labels.Dispose();
        return pixels;
    }
}
