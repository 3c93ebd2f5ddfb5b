using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Torch.Evaluation;

/// <summary>Top-1 accuracy of a classifier on a labelled set, in a fixed batch order so that results repeat exactly.</summary>
public static class Accuracy
{
    public const int BatchSize = 1000;

    public static AccuracyResult TopOne(nn.Module<Tensor, Tensor> model, ImageTensors data)
    {
        TorchRuntime.EnsureLoaded();
        bool wasTraining = model.training;
        model.eval();
        long correct = 0;
        using (no_grad())
        {
            foreach ((Tensor pixels, Tensor labels) in data.Sequential(BatchSize))
            {
                using var scope = NewDisposeScope();
                using Tensor _ = pixels, __ = labels;
                Tensor predicted = model.forward(pixels).argmax(1);
                correct += predicted.eq(labels).sum().item<long>();
            }
        }
        if (wasTraining) model.train();
        return new AccuracyResult(correct, data.Count);
    }
}
