using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Pruning;

/// <summary>
/// Retrains a pruned ONNX graph with its masks held: the surviving weights learn to make up for the
/// removed ones while pruned weights stay exactly zero. It runs <see cref="Trainer"/> (seeded shuffle,
/// Adam, cosine decay) with a step that zeroes pruned gradients before and pruned weights after each update.
/// It runs on the device that holds the module (move it with <c>.to(device)</c> first). Weights the executor
/// holds as constants (in Constant nodes or subgraphs, see <see cref="HeldConstant"/>) are not parameters: they
/// keep the values the module was built with (already pruned) and are neither masked nor read back here.
/// </summary>
public static class MaskedRetrainer
{
    /// <summary>The masks of weights the module holds as constants, which retraining leaves as they are.</summary>
    public static IReadOnlyList<PruningMask> HeldConstant(OnnxGraphModule module, IReadOnlyList<PruningMask> masks) =>
        masks.Where(m => !module.Initializers.ContainsKey(m.Name)).ToList();

    /// <summary>Zeroes the pruned elements of the module's initializers in place.</summary>
    public static void ApplyMasks(OnnxGraphModule module, IReadOnlyList<PruningMask> masks)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach ((Parameter parameter, Tensor pruned) in PrunedElements(module, masks))
            parameter.masked_fill_(pruned, 0f);
    }

    /// <summary>
    /// Trains in place on the training split with <see cref="Trainer"/>; returns the mean loss of each epoch and, with
    /// Adam, its second moments named like the ONNX initializers (the paper's §3.5 alternative to the Hessian).
    /// </summary>
    public static RetrainingResult Retrain(OnnxGraphModule module, IReadOnlyList<PruningMask> masks, ImageTensors train,
        TrainingOptions options, IProgress<TrainingProgress>? progress = null) =>
        Run(module, masks, progress, (recorder, step) => Trainer.Train(module, train, options, recorder, step));

    /// <summary>
    /// Retrains on any model's named inputs: cross-entropy against the labels, or, given a <paramref name="teacher"/>
    /// (snapshot the module with <see cref="Teacher.Snapshot"/> before <see cref="ApplyMasks"/>, so it is the unpruned
    /// model), distillation toward its outputs — what data without labels and models without class scores need.
    /// </summary>
    public static RetrainingResult Retrain(OnnxGraphModule module, IReadOnlyList<PruningMask> masks, IModelData train,
        TrainingOptions options, Teacher? teacher = null, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        BatchLoss loss = Distillation.Objective(module, train, teacher);
        return Run(module, masks, progress, (recorder, step) => Trainer.Train(module, train, loss, options, recorder, step));
    }

    static RetrainingResult Run(OnnxGraphModule module, IReadOnlyList<PruningMask> masks, IProgress<TrainingProgress>? progress,
        Func<EpochLossRecorder, Action<optim.Optimizer>, IReadOnlyList<ParameterTensor>?> train)
    {
        TorchRuntime.EnsureLoaded();
        using var maskScope = NewDisposeScope();
        var pruned = PrunedElements(module, masks);
        var recorder = new EpochLossRecorder(progress);
        foreach (Parameter parameter in module.Initializers.Values) parameter.requires_grad = true;
        IReadOnlyList<ParameterTensor>? moments;
        try
        {
            moments = train(recorder, optimizer => Step(optimizer, pruned));
        }
        finally
        {
            // The module is frozen again, as every other caller of OnnxGraphModule expects.
            foreach (Parameter parameter in module.Initializers.Values) parameter.requires_grad = false;
            module.eval();
        }
        return new RetrainingResult(recorder.Losses, moments?.Select(m => m with { Name = module.OnnxNameOf(m.Name) }).ToList());
    }

    /// <summary>The module's retrained tensors as written back to ONNX (all but <see cref="HeldConstant"/>); pruned elements are +0.0f.</summary>
    public static IReadOnlyList<ParameterTensor> ReadValues(OnnxGraphModule module, IReadOnlyList<PruningMask> masks) =>
        Retrained(module, masks).Select(mask =>
        {
            Parameter parameter = module.Initializers[mask.Name];
            using Tensor values = parameter.detach().On(CPU);
            return new ParameterTensor(mask.Name, parameter.shape, mask.Apply(values.data<float>().ToArray()));
        }).ToList();

    internal static void Step(optim.Optimizer optimizer, List<(Parameter Parameter, Tensor Pruned)> pruned)
    {
        using var _ = no_grad();
        // Zeroing the gradients first keeps Adam's moments of pruned weights at zero; the fill after the
        // step is what guarantees exact zeros whatever the optimizer does.
        foreach ((Parameter parameter, Tensor mask) in pruned)
            parameter.grad?.masked_fill_(mask, 0f);
        optimizer.step();
        foreach ((Parameter parameter, Tensor mask) in pruned)
            parameter.masked_fill_(mask, 0f);
    }

    static IEnumerable<PruningMask> Retrained(OnnxGraphModule module, IReadOnlyList<PruningMask> masks) =>
        masks.Where(m => module.Initializers.ContainsKey(m.Name));

    internal static List<(Parameter Parameter, Tensor Pruned)> PrunedElements(OnnxGraphModule module, IReadOnlyList<PruningMask> masks) =>
        Retrained(module, masks).Select(mask =>
        {
            Parameter parameter = module.Initializers[mask.Name];
            Tensor keep = tensor(mask.Keep).reshape(parameter.shape).On(parameter.device);
            return (parameter, keep.logical_not());
        }).ToList();
}
