using Quantize.Format.Onnx.Proto;
using Quantize.Torch;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>Top-1 accuracy of an ONNX model on the test split: the one place every command gets its accuracy from.</summary>
public static class ModelEvaluation
{
    public static AccuracyResult TestAccuracy(ModelProto model, IModelData test, Device device)
    {
        if (!test.HasLabels) throw new UserInputException("the test data has no labels, so accuracy cannot be measured (compress reports fidelity to the original without them)");
        TorchRuntime.EnsureLoaded();
        using var module = new OnnxGraphModule(model).to(device);
        return Accuracy.TopOne(module, test);
    }
}
