using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Pruning;

/// <summary>
/// Gradual magnitude pruning (Zhu &amp; Gupta 2017): training goes on while the kept fraction falls along a
/// <see cref="PolynomialSchedule"/>; every Δt steps the masks are recomputed from the current magnitudes, and between
/// updates pruned weights and their gradients are held at zero as in <see cref="MaskedRetrainer"/>. Pruned weights are
/// exactly zero, so they rank last and stay pruned as the kept fraction falls. After the pruning epochs, training
/// goes on for <see cref="TrainingOptions.Epochs"/> more at the final masks; the learning rate decays by cosine over all.
/// </summary>
public static class GradualPruner
{
    /// <param name="parameters">The model's tensors as given; weights the module holds as constants are ranked by these values and pruned, not retrained.</param>
    /// <param name="fineTuning">Training options; <see cref="TrainingOptions.Epochs"/> counts the epochs after the last update (0 = none).</param>
    public static GradualPruningResult Run(OnnxGraphModule module, IReadOnlyList<ParameterTensor> parameters, PruningTarget target,
        int pruneEpochs, int maskEvery, IModelData train, TrainingOptions fineTuning, Teacher? teacher = null,
        IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(train);
        TorchRuntime.EnsureLoaded();
        PolynomialSchedule schedule = Schedule(train.Count, fineTuning, pruneEpochs, maskEvery);
        TrainingOptions options = fineTuning with { Epochs = pruneEpochs + fineTuning.Epochs };

        BatchLoss loss = Distillation.Objective(module, train, teacher);
        var recorder = new EpochLossRecorder(progress);
        var updates = new List<MaskUpdate>();
        IReadOnlyList<PruningMask> masks = [];
        List<(Parameter Parameter, Tensor Pruned)> pruned = [];
        long step = 0;
        foreach (Parameter parameter in module.Initializers.Values) parameter.requires_grad = true;
        IReadOnlyList<ParameterTensor>? moments;
        try
        {
            moments = Trainer.Train(module, train, loss, options, recorder, optimizer =>
            {
                if (schedule.IsUpdate(step))
                {
                    long at = step;
                    masks = target.Masks(CurrentValues(module, parameters), keep => schedule.KeptFraction(at, keep));
                    pruned = Replace(pruned, module, masks);
                    MaskedRetrainer.ApplyMasks(module, masks);
                    updates.Add(new MaskUpdate(at, masks.Sum(m => (long)m.Kept), masks.Sum(m => (long)m.Count)));
                }
                MaskedRetrainer.Step(optimizer, pruned);
                step++;
            });
        }
        finally
        {
            foreach ((_, Tensor mask) in pruned) mask.Dispose();
            // The module is frozen again, as every other caller of OnnxGraphModule expects.
            foreach (Parameter parameter in module.Initializers.Values) parameter.requires_grad = false;
            module.eval();
        }
        var training = new RetrainingResult(recorder.Losses, moments?.Select(m => m with { Name = module.OnnxNameOf(m.Name) }).ToList());
        return new GradualPruningResult(masks, updates, training);
    }

    /// <summary>The schedule a run on <paramref name="trainCount"/> samples follows; throws <see cref="PruningSpecException"/> where it cannot be met, so callers can check before slow work.</summary>
    public static PolynomialSchedule Schedule(int trainCount, TrainingOptions options, int pruneEpochs, int maskEvery)
    {
        if (pruneEpochs < 1) throw new PruningSpecException($"--prune-epochs must be at least 1, got {pruneEpochs}");
        int count = options.Limit > 0 ? Math.Min(options.Limit, trainCount) : trainCount;
        long batchesPerEpoch = (count + options.BatchSize - 1) / options.BatchSize;
        return new PolynomialSchedule(batchesPerEpoch * pruneEpochs, maskEvery);
    }

    /// <summary>The prunable tensors as they stand: trained ones read from the module, constants as given.</summary>
    static List<ParameterTensor> CurrentValues(OnnxGraphModule module, IReadOnlyList<ParameterTensor> parameters) =>
        parameters.Where(MagnitudePruner.IsPrunable).Select(p =>
        {
            if (!module.Initializers.TryGetValue(p.Name, out Parameter? live)) return p;
            using Tensor values = live.detach().On(CPU);
            return p with { Values = values.data<float>().ToArray() };
        }).ToList();

    // The trainer disposes what each batch makes; the masks must outlive the batch that recomputed them.
    static List<(Parameter Parameter, Tensor Pruned)> Replace(List<(Parameter Parameter, Tensor Pruned)> old, OnnxGraphModule module,
        IReadOnlyList<PruningMask> masks)
    {
        foreach ((_, Tensor mask) in old) mask.Dispose();
        using var scope = NewDisposeScope();
        List<(Parameter Parameter, Tensor Pruned)> fresh = MaskedRetrainer.PrunedElements(module, masks);
        foreach ((_, Tensor mask) in fresh) mask.DetachFromDisposeScope();
        return fresh;
    }
}
