using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Format.IO;
using Quantize.Data.Idx;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Format.SafeTensors;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Pruning;
using Quantize.Torch.Training;
using Quantize.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// <c>prune</c>: magnitude pruning (global or per tensor) with masks, then retraining on the training split with the
/// masks held (Deep Compression's first stage); test accuracy before, pruned and retrained.
/// </summary>
public static class PrunePipeline
{
    public static PruneReport Run(PruneRequest request)
    {
        string modelPath = request.Context.ModelPath!;
        IReadOnlyDictionary<string, double>? perLayer = request.LayerRatios == null ? null : LayerRatios.Parse(request.LayerRatios);
        AtomicFile.EnsureNotInput(request.Output, modelPath);
        if (request.Moments != null)
        {
            AtomicFile.EnsureNotInput(request.Moments, modelPath);
            if (Path.GetFullPath(request.Moments) == Path.GetFullPath(request.Output)) throw new UserInputException("--save-moments and --output name the same file");
        }
        ModelProto onnx = ModelSource.Load(modelPath);
        IReadOnlyList<ParameterTensor> parameters = ModelParameters.Extract(onnx);
        IReadOnlyList<PruningMask> masks = perLayer != null
            ? MagnitudePruner.PerLayer(parameters, perLayer)
            : MagnitudePruner.Global(parameters, request.Ratio ?? throw new UserInputException("give --ratio or --layer-ratios"));
        if (masks.Count == 0) throw new UserInputException("the model has no weights of rank 2 or more to prune");

        Device on = TorchDevices.Resolve(request.Context.Device);
        var data = new DataSplits(request.Context, onnx);
        if (request.Retrain.Epochs > 0) _ = data.Train; // data the model cannot take fails before the slow work
        IModelData test = data.Test;
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        ModelProto pruned = ModelParameters.WithValues(onnx, masks.Select(m => byName[m.Name] with { Values = m.Apply(byName[m.Name].Values) }));

        double before = ModelEvaluation.TestAccuracy(onnx, test, on).Percent;
        double afterPruning = ModelEvaluation.TestAccuracy(pruned, test, on).Percent;
        double? afterRetraining = null;
        IReadOnlyList<ParameterTensor>? moments = null;
        int trainingImages = 0;
        var notRetrained = new HashSet<string>(StringComparer.Ordinal); // weights the executor holds as constants: pruned, not retrained
        if (request.Retrain.Epochs > 0)
        {
            IModelData train = data.Train;
            trainingImages = request.Retrain.Limit > 0 ? Math.Min(request.Retrain.Limit, train.Count) : train.Count;
            // With labels and class scores, retraining minimises cross-entropy; otherwise it distils toward the unpruned
            // model, whose values the teacher keeps before the masks are applied.
            using var module = new OnnxGraphModule(onnx).to(on);
            using Teacher? teacher = train.HasLabels && module.HasClassScores ? null : Teacher.Snapshot(module);
            MaskedRetrainer.ApplyMasks(module, masks);
            RetrainingResult retraining = null!;
            ProgressDisplay.Run(request.Context.Progress, "retraining", progress =>
                retraining = MaskedRetrainer.Retrain(module, masks, train, request.Retrain, teacher, new TrainingProgressReporter(progress)));
            moments = retraining.Moments;
            notRetrained.UnionWith(MaskedRetrainer.HeldConstant(module, masks).Select(m => m.Name));
            pruned = ModelParameters.WithValues(pruned, MaskedRetrainer.ReadValues(module, masks));
            afterRetraining = ModelEvaluation.TestAccuracy(pruned, test, on).Percent;
        }
        OnnxModelFile.Save(pruned, request.Output);
        if (request.Moments != null)
            SafeTensorsFile.Write(request.Moments, moments ?? throw new InvalidOperationException("retraining with Adam returned no moments"),
                new Dictionary<string, string> { ["content"] = "adam exp_avg_sq", ["producer"] = ToolInfo.Producer });

        long total = masks.Sum(m => (long)m.Count), kept = masks.Sum(m => (long)m.Kept);
        List<PrunedTensorReport> tensors = masks.Select(m => new PrunedTensorReport(m.Name, m.Count, m.Kept, m.KeptFraction,
            request.Retrain.Epochs > 0 && !notRetrained.Contains(m.Name))).ToList();
        return new PruneReport(modelPath, request.Output, data.Directory(DatasetSplit.Test), request.Ratio, request.Retrain.Epochs, trainingImages,
            tensors, total, kept, (double)kept / total, before, afterPruning, afterRetraining);
    }
}
