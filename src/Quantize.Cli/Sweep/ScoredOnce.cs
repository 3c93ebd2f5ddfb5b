using Quantize.Cli.Pipeline;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Cli.Sweep;

/// <summary>
/// Test accuracy of a unit's decoded models, measured once: the codings of a unit decode to the same values,
/// so a model equal to the last one scored reuses its accuracy, and one that decoded differently is scored on
/// its own. Null without a test set.
/// </summary>
sealed class ScoredOnce(IModelData? test, Device device)
{
    ModelProto? scored;
    double? accuracy;

    public double? Accuracy(ModelProto? restored)
    {
        if (restored != null && test != null && (scored == null || !SameParameters(scored, restored)))
        {
            accuracy = ModelEvaluation.TestAccuracy(restored, test, device).Percent;
            scored = restored;
        }
        return accuracy;
    }

    static bool SameParameters(ModelProto a, ModelProto b)
    {
        IReadOnlyList<ParameterTensor> left = ModelParameters.Extract(a), right = ModelParameters.Extract(b);
        return left.Count == right.Count && left.Zip(right).All(pair => pair.First.Name == pair.Second.Name && pair.First.Values.AsSpan().SequenceEqual(pair.Second.Values));
    }
}
