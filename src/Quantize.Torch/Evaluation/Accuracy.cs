using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Torch.Evaluation;

/// <summary>
/// Top-1 accuracy of a classifier on a labelled set, in a fixed batch order so that results repeat exactly.
/// It runs where the model's parameters are (see <see cref="TorchDevices"/>).
/// </summary>
public static class Accuracy
{
    public const int BatchSize = 1000;

    public static AccuracyResult TopOne(nn.Module<Tensor, Tensor> model, ImageTensors data)
    {
        TorchRuntime.EnsureLoaded();
        bool wasTraining = model.training;
        model.eval();
        long correct = 0;
        Device device = TorchDevices.Of(model);
        using (no_grad())
        {
            foreach ((Tensor pixels, Tensor labels) in data.Sequential(BatchSize, device))
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

    /// <summary>Scores an ONNX model by executing it on the device.</summary>
    public static AccuracyResult TopOne(ModelProto model, ImageTensors data, Device device)
    {
        TorchRuntime.EnsureLoaded();
        using var module = new OnnxGraphModule(model).to(device);
        return TopOne(module, data);
    }
}
