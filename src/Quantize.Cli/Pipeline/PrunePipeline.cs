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
/// <c>prune</c>: magnitude pruning (global, per tensor as given, or per tensor from a sensitivity measure) with masks, then
/// retraining on the training split with the masks held (Deep Compression's first stage), or gradual pruning while training
/// (Zhu &amp; Gupta's polynomial schedule); test accuracy before, pruned at once and after training.
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
        if (!parameters.Any(MagnitudePruner.IsPrunable)) throw new UserInputException("the model has no weights of rank 2 or more to prune");
        double ratio = request.Ratio ?? 0;
        if (perLayer == null && request.Ratio == null) throw new UserInputException("give --ratio or --layer-ratios");
        if (request.Allocate != null && perLayer != null) throw new UserInputException("--allocate chooses the per-layer ratios itself: give --ratio, not --layer-ratios");
        PruningTarget target = perLayer != null ? PruningTarget.PerLayer(perLayer) : PruningTarget.Global(ratio);
        IReadOnlyList<PruningMask> masks = target.Masks(parameters); // checks the names and ratios before the slow work

        Device on = TorchDevices.Resolve(request.Context.Device);
        var data = new DataSplits(request.Context, onnx);
        bool trains = request.Retrain.Epochs > 0 || request.Gradual != null;
        if (trains || request.Allocate != null) _ = data.Train; // data the model cannot take fails before the slow work
        if (request.Gradual is { } planned) GradualPruner.Schedule(data.Train.Count, request.Retrain, planned.PruneEpochs, planned.MaskEvery);
        IModelData test = data.Test;
        IReadOnlyList<LayerAllocationReport>? allocation = null;
        if (request.Allocate is { } measure)
        {
            allocation = PruneAllocation.Allocate(measure, onnx, parameters, ratio, data, request.Context, on);
            target = PruningTarget.PerLayer(allocation.ToDictionary(a => a.Name, a => a.Keep, StringComparer.Ordinal));
            masks = target.Masks(parameters);
        }
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);

        double before = ModelEvaluation.TestAccuracy(onnx, test, on).Percent;
        // One-shot masks on the given weights: the accuracy pruning costs before any training, gradual or not.
        double afterPruning = ModelEvaluation.TestAccuracy(WithMasks(onnx, byName, masks), test, on).Percent;
        double? afterRetraining = null;
        IReadOnlyList<ParameterTensor>? moments = null;
        GradualPruningReport? gradual = null;
        int trainingImages = 0;
        var notRetrained = new HashSet<string>(StringComparer.Ordinal); // weights the executor holds as constants: pruned, not retrained
        ModelProto pruned;
        if (trains)
        {
            IModelData train = data.Train;
            trainingImages = request.Retrain.Limit > 0 ? Math.Min(request.Retrain.Limit, train.Count) : train.Count;
            // With labels and class scores, retraining minimises cross-entropy; otherwise it distils toward the unpruned
            // model, whose values the teacher keeps before the masks are applied.
            using var module = new OnnxGraphModule(onnx).to(on);
            using Teacher? teacher = train.HasLabels && module.HasClassScores ? null : Teacher.Snapshot(module);
            if (request.Gradual is { } schedule)
            {
                GradualPruningResult result = null!;
                ProgressDisplay.Run(request.Context.Progress, "gradual pruning", progress =>
                    result = GradualPruner.Run(module, parameters, target, schedule.PruneEpochs, schedule.MaskEvery, train, request.Retrain, teacher,
                        new TrainingProgressReporter(progress)));
                masks = result.Masks;
                moments = result.Training.Moments;
                gradual = new GradualPruningReport("polynomial", schedule.PruneEpochs, schedule.MaskEvery, result.Updates);
            }
            else
            {
                MaskedRetrainer.ApplyMasks(module, masks);
                RetrainingResult retraining = null!;
                ProgressDisplay.Run(request.Context.Progress, "retraining", progress =>
                    retraining = MaskedRetrainer.Retrain(module, masks, train, request.Retrain, teacher, new TrainingProgressReporter(progress)));
                moments = retraining.Moments;
            }
            notRetrained.UnionWith(MaskedRetrainer.HeldConstant(module, masks).Select(m => m.Name));
            pruned = ModelParameters.WithValues(WithMasks(onnx, byName, masks), MaskedRetrainer.ReadValues(module, masks));
            afterRetraining = ModelEvaluation.TestAccuracy(pruned, test, on).Percent;
        }
        else pruned = WithMasks(onnx, byName, masks);
        OnnxModelFile.Save(pruned, request.Output);
        if (request.Moments != null)
            SafeTensorsFile.Write(request.Moments, moments ?? throw new InvalidOperationException("retraining with Adam returned no moments"),
                new Dictionary<string, string> { ["content"] = "adam exp_avg_sq", ["producer"] = ToolInfo.Producer });

        long total = masks.Sum(m => (long)m.Count), kept = masks.Sum(m => (long)m.Kept);
        List<PrunedTensorReport> tensors = masks.Select(m => new PrunedTensorReport(m.Name, m.Count, m.Kept, m.KeptFraction,
            trains && !notRetrained.Contains(m.Name))).ToList();
        return new PruneReport(modelPath, request.Output, data.Directory(DatasetSplit.Test), request.Ratio, request.Retrain.Epochs, trainingImages,
            tensors, total, kept, (double)kept / total, before, afterPruning, afterRetraining, gradual,
            request.Allocate == null ? null : request.Allocate.Value.ToString().ToLowerInvariant(), allocation);
    }

    static ModelProto WithMasks(ModelProto onnx, Dictionary<string, ParameterTensor> byName, IReadOnlyList<PruningMask> masks) =>
        ModelParameters.WithValues(onnx, masks.Select(m => byName[m.Name] with { Values = m.Apply(byName[m.Name].Values) }));
}
