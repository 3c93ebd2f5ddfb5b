using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;

namespace Quantize.Cli.Pipeline;

/// <summary>Scores an ONNX model on the test split; the one place every command gets its accuracy from.</summary>
public static class ModelEvaluation
{
    public static AccuracyResult TestAccuracy(ModelProto model, ImageTensors test)
    {
        using var module = new OnnxGraphModule(model);
        return Accuracy.TopOne(module, test);
    }
}
