using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>Scores an ONNX model on the test split; the one place every command gets its accuracy from.</summary>
public static class ModelEvaluation
{
    public static AccuracyResult TestAccuracy(ModelProto model, ImageTensors test) => TestAccuracy(model, test, TorchSharp.torch.CPU);

    public static AccuracyResult TestAccuracy(ModelProto model, ImageTensors test, TorchSharp.torch.Device device) => Accuracy.TopOne(model, test, device);
}
