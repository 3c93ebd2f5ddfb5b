using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using Quantize.Torch.Evaluation;
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using Quantize.Torch.Pruning;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// <c>prune --allocate</c>: per-layer keep ratios for one overall ratio from a measured sensitivity per layer, by
/// <see cref="SensitivityAllocation"/>'s rule. Both measures use the first <see cref="CalibrationSamples"/> training
/// samples, never the test set.
/// </summary>
public static class PruneAllocation
{
    /// <summary>As many as the Hessian estimates of <c>compress</c> take by default.</summary>
    public const int CalibrationSamples = 1000;

    /// <summary>A layer whose pruning costs nothing measurable still has a sensitivity, so it is ranked by magnitude, last.</summary>
    public const double DropFloor = 0.01;

    public static IReadOnlyList<LayerAllocationReport> Allocate(PruneSensitivity measure, ModelProto onnx, IReadOnlyList<ParameterTensor> parameters,
        double keep, DataSplits data, RunContext context, Device device)
    {
        IReadOnlyDictionary<string, double> sensitivity = measure == PruneSensitivity.Hessian
            ? HessianSaliency(onnx, parameters, data, context, device)
            : AccuracyDrop(onnx, parameters, keep, data, context, device);
        IReadOnlyDictionary<string, double> ratios = SensitivityAllocation.KeepRatios(parameters, sensitivity, keep);
        return parameters.Where(MagnitudePruner.IsPrunable)
            .Select(p => new LayerAllocationReport(p.Name, sensitivity[p.Name], ratios[p.Name])).ToList();
    }

    // Sum of h·w² over the layer: the loss OBD predicts for removing the whole layer. The mean instead (OBD's per-weight
    // saliency) starved the largest layer: at --ratio 0.02 it left fc1 of LeNet-5 one weight and the model at 11% (results §15).
    static Dictionary<string, double> HessianSaliency(ModelProto onnx, IReadOnlyList<ParameterTensor> parameters, DataSplits data,
        RunContext context, Device device)
    {
        var diagonal = HessianComputation.Run(onnx, "gauss-newton", data, new HessianOptions { Samples = CalibrationSamples }, context.Progress, device)
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
        return parameters.Where(MagnitudePruner.IsPrunable).ToDictionary(p => p.Name, p =>
        {
            float[] h = diagonal[p.Name].Values;
            double sum = 0;
            for (int i = 0; i < h.Length; i++) sum += (double)h[i] * p.Values[i] * p.Values[i];
            return sum;
        }, StringComparer.Ordinal);
    }

    // Points of calibration accuracy lost with this layer alone pruned (one-shot, by magnitude) to the overall ratio.
    static Dictionary<string, double> AccuracyDrop(ModelProto onnx, IReadOnlyList<ParameterTensor> parameters, double keep, DataSplits data,
        RunContext context, Device device)
    {
        IModelData train = data.Train;
        if (!train.HasLabels) throw new UserInputException("--allocate drop needs labelled training data to measure accuracy on; use --allocate hessian");
        IModelData calibration = new ModelDataSubset(train, Enumerable.Range(0, Math.Min(CalibrationSamples, train.Count)).ToArray());
        ParameterTensor[] layers = parameters.Where(MagnitudePruner.IsPrunable).ToArray();
        var drops = new Dictionary<string, double>(StringComparer.Ordinal);
        ProgressDisplay.Run(context.Progress, "sensitivity (accuracy drop per layer)", progress =>
        {
            double full = Score(onnx, calibration, device);
            for (int l = 0; l < layers.Length; l++)
            {
                progress.Report((double)l / layers.Length, layers[l].Name);
                PruningMask mask = MagnitudePruner.PerLayer(parameters, new Dictionary<string, double> { [layers[l].Name] = keep })
                    .Single(m => m.Name == layers[l].Name);
                ModelProto alone = ModelParameters.WithValues(onnx, [layers[l] with { Values = mask.Apply(layers[l].Values) }]);
                drops[layers[l].Name] = Math.Max(DropFloor, full - Score(alone, calibration, device));
            }
            progress.Report(1, "");
        });
        return drops;
    }

    static double Score(ModelProto model, IModelData data, Device device)
    {
        using var module = new OnnxGraphModule(model).to(device);
        return Accuracy.TopOne(module, data).Percent;
    }
}
