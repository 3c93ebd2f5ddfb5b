using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using Quantize.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Runs a Hessian estimator on calibration data: the first N samples of the training split, never the
/// test set. Shared by <c>hessian</c> (which writes the result) and <c>compress</c>/<c>sweep</c> (which use it at once).
/// </summary>
public static class HessianComputation
{
    /// <summary>The estimate, on at most <see cref="HessianOptions.Samples"/> calibration samples: fewer when the training split is smaller (<see cref="SamplesUsed"/>).</summary>
    public static IReadOnlyList<ParameterTensor> Run(ModelProto model, string estimatorName, DataSplits data, HessianOptions options,
        TextWriter progressWriter, Device device)
    {
        TorchRuntime.EnsureLoaded();
        IHessianEstimator estimator = HessianEstimators.Create(estimatorName);
        IModelData calibration = data.Train;
        // A user's own training split is often smaller than the default 1,000 samples: all of it is used then.
        options = options with { Samples = SamplesUsed(options.Samples, calibration) };
        using var module = new OnnxGraphModule(model).to(device);
        // Class scores: the sampled-label Gauss–Newton needs no labels; any other output: the output-distortion Gauss–Newton.
        options = options with { Loss = HessianOptions.LossFor(module) };
        IReadOnlyList<ParameterTensor> result = [];
        string where = device.type == DeviceType.CPU ? "" : $", {device.type.ToString().ToLowerInvariant()}";
        ProgressDisplay.Run(progressWriter, $"hessian ({estimator.Name}{where})", progress =>
            result = estimator.Estimate(module, HessianData.FromModelData(calibration), options, new FractionProgress(progress)));
        return UnestimatedWeights.Complete(model, result);
    }

    /// <summary>The calibration samples an estimate asked for <paramref name="requested"/> uses: all of the split when it has fewer.</summary>
    public static int SamplesUsed(int requested, IModelData calibration) => requested == 0 ? calibration.Count : Math.Min(requested, calibration.Count);

    /// <summary>For <c>--hessian ESTIMATOR</c>: the weights, concatenated in parameter order.</summary>
    public static ImportanceWeights Estimate(ImportanceRequest request, RunContext context, DataSplits data, ModelProto model,
        IReadOnlyList<ParameterTensor> parameters)
    {
        string estimator = request.Source.Estimator!;
        var options = new HessianOptions { Samples = request.Samples };
        IReadOnlyList<ParameterTensor> diagonal = Run(model, estimator, data, options, context.Progress, TorchDevices.Resolve(context.Device));
        float[] weights = ParameterWeights.FromTensors(diagonal, parameters, $"the {estimator} estimate");
        return new ImportanceWeights(weights, new HessianReport(estimator, null, SamplesUsed(request.Samples, data.Train)));
    }

    sealed class FractionProgress(IWorkProgress progress) : IProgress<double>
    {
        public void Report(double value) => progress.Report(value, "");
    }
}
