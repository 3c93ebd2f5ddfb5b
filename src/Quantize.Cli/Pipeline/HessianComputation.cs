using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Format.Idx;
using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Torch;
using Quantize.Torch.Data;
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// Runs a Hessian estimator on calibration data: the first N images of the training split, never the
/// test set. Shared by <c>hessian</c> (which writes the result) and <c>compress</c> (which uses it at once).
/// </summary>
public static class HessianComputation
{
    public static IReadOnlyList<ParameterTensor> Run(ModelProto model, string estimatorName, ImageDataset dataset, HessianOptions options,
        TextWriter progressWriter, Device? device = null)
    {
        device ??= CPU;
        TorchRuntime.EnsureLoaded();
        IHessianEstimator estimator = CreateEstimator(estimatorName);
        var calibration = new ImageTensors(dataset.Load(DatasetSplit.Train));
        if (options.Samples > calibration.Count)
            throw new UserInputException($"--samples {options.Samples} asks for more calibration images than {dataset.Directory} has ({calibration.Count} training images)");
        ModelInputs.Check(model, calibration.Images);
        using var module = new OnnxGraphModule(model).to(device);
        IReadOnlyList<ParameterTensor> result = [];
        string where = device.type == DeviceType.CPU ? "" : $", {device.type.ToString().ToLowerInvariant()}";
        ProgressDisplay.Run(progressWriter, $"hessian ({estimator.Name}{where})", progress =>
            result = estimator.Estimate(module, HessianData.FromImages(calibration), options, new FractionProgress(progress)));
        return UnestimatedWeights.Complete(model, result);
    }

    /// <summary>For <c>compress --hessian ESTIMATOR</c>: the weights, concatenated in parameter order.</summary>
    public static ImportanceWeights Estimate(CompressRequest request, ModelProto model, IReadOnlyList<ParameterTensor> parameters)
    {
        ImageDataset dataset = ImageDataset.Resolve(request.DataDirectory, request.ModelPath, DatasetSplit.Train);
        var options = new HessianOptions { Samples = request.HessianSamples };
        IReadOnlyList<ParameterTensor> diagonal = Run(model, request.Hessian.Estimator!, dataset, options, request.ProgressWriter,
            DeviceChoice.Resolve(request.Device));
        float[] weights = ParameterWeights.FromTensors(diagonal, parameters, $"the {request.Hessian.Estimator} estimate");
        return new ImportanceWeights(weights, new HessianReport(request.Hessian.Estimator!, null, request.HessianSamples));
    }

    public static IHessianEstimator CreateEstimator(string name)
    {
        try
        {
            return HessianEstimators.Create(name);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message);
        }
    }

    sealed class FractionProgress(IWorkProgress progress) : IProgress<double>
    {
        public void Report(double value) => progress.Report(value, "");
    }
}
