using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>The test accuracy <c>quantize train</c> reports for what it wrote.</summary>
static class TrainedModelScore
{
    /// <summary>
    /// Scores the exported graph, not the module, so the number printed is the number the file gives. Where
    /// our executor lacks an op of the graph (BatchNormalization, GlobalAveragePool for the ResNets, until it
    /// has them) the module is scored instead; the export tests hold the two to 1e-4 with ONNX Runtime.
    /// </summary>
    public static AccuracyResult TopOne(ModelProto onnx, nn.Module<Tensor, Tensor> module, ImageTensors test)
    {
        OnnxGraphModule exported;
        try
        {
            exported = new OnnxGraphModule(onnx);
        }
        catch (OnnxExecutionException)
        {
            return Accuracy.TopOne(module, test);
        }
        using (exported) return Accuracy.TopOne(exported, test);
    }
}
