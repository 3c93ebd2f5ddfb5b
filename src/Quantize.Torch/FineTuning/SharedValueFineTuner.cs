using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.FineTuning;

/// <summary>
/// Fine-tunes the shared values of a quantized model (Deep Compression §3.3; the paper's "fine-tuning of
/// the quantized values"): each step writes centers[cluster] into the weights, runs forward and backward
/// on a training batch with cross-entropy (or, without labels, distillation toward the original model), gathers each cluster's gradient from its members (sum or
/// average), and lets the optimizer move the centers. Assignments and pruning masks never change;
/// parameters without a codebook stay frozen. It runs <see cref="Trainer"/> (seeded shuffle, cosine decay)
/// on the device that holds the module, and is deterministic on the CPU.
/// </summary>
public static class SharedValueFineTuner
{
    /// <summary>Fine-tunes in place: afterwards the module holds the quantized weights with the new centers (frozen again).</summary>
    public static FineTuningResult FineTune(OnnxGraphModule module, QuantizedState state, ImageTensors train, FineTuningOptions options,
        IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Run(module, state, options, progress,
            (centers, recorder, step) => Trainer.Train(module, centers, train, options.ToTraining(), recorder, step));
    }

    /// <summary>
    /// Fine-tunes on any model's named inputs. With labels and class scores (and <see cref="FineTuningOptions.Distill"/>
    /// off) the loss is cross-entropy, as above; otherwise it is distillation toward the module's outputs at the
    /// moment of the call (<see cref="Distillation"/>: KL for class scores, squared error for any other output), so
    /// the module must hold the original, unquantized weights when this is called.
    /// </summary>
    public static FineTuningResult FineTune(OnnxGraphModule module, QuantizedState state, IModelData train, FineTuningOptions options,
        IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        bool distill = options.Distill || !train.HasLabels || !module.HasClassScores;
        // Taken before the centers are written: the teacher is the original model.
        using Teacher? teacher = distill
            ? Teacher.Snapshot(module, state.Parameters.Where(a => module.Initializers.ContainsKey(a.Name)).Select(a => module.Initializers[a.Name]))
            : null;
        BatchLoss loss = Distillation.Objective(module, train, teacher);
        return Run(module, state, options, progress,
            (centers, recorder, step) => Trainer.Train(module, centers, train, loss, options.ToTraining(), recorder, step));
    }

    static FineTuningResult Run(OnnxGraphModule module, QuantizedState state, FineTuningOptions options, IProgress<TrainingProgress>? progress,
        Action<List<Parameter>, EpochLossRecorder, Action<optim.Optimizer>> train)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        TorchRuntime.EnsureLoaded();
        Device device = TorchDevices.Of(module);
        var shared = new List<SharedParameter>(state.Parameters.Count);
        var centers = new List<Parameter>(state.Codebooks.Count);
        Tensor[]? divisors = null;
        try
        {
            foreach (CodebookAssignment assignment in state.Parameters)
            {
                if (!module.Initializers.TryGetValue(assignment.Name, out Parameter? parameter))
                    throw new ArgumentException($"the model has no float tensor named '{assignment.Name}'", nameof(state));
                shared.Add(new SharedParameter(parameter, assignment));
            }
            foreach (float[] codebook in state.Codebooks)
                centers.Add(new Parameter(tensor(codebook, device: device), requires_grad: true));
            divisors = Divisors(state, options.Aggregate, device);

            WriteAll(shared, centers);
            foreach (SharedParameter parameter in shared) parameter.Parameter.requires_grad = true;
            var recorder = new EpochLossRecorder(progress);
            train(centers, recorder, optimizer => Step(optimizer, shared, centers, divisors));
            return new FineTuningResult(centers.Select(ToArray).ToList(), recorder.Losses);
        }
        finally
        {
            // The module is frozen again, as every other caller of OnnxGraphModule expects.
            foreach (SharedParameter parameter in shared)
            {
                parameter.Parameter.requires_grad = false;
                parameter.Parameter.grad = null;
                parameter.Dispose();
            }
            foreach (Parameter center in centers) center.Dispose();
            foreach (Tensor divisor in divisors ?? []) divisor.Dispose();
            module.eval();
        }
    }

    static void Step(optim.Optimizer optimizer, List<SharedParameter> shared, List<Parameter> centers, Tensor[]? divisors)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            Tensor[] sums = centers.Select(c => zeros_like(c)).ToArray();
            foreach (SharedParameter parameter in shared) parameter.MoveGradientInto(sums[parameter.Codebook]);
            for (int c = 0; c < centers.Count; c++)
                centers[c].grad = divisors is null ? sums[c] : sums[c].div_(divisors[c]);
        }
        optimizer.step();
        WriteAll(shared, centers);
    }

    static void WriteAll(List<SharedParameter> shared, List<Parameter> centers)
    {
        foreach (SharedParameter parameter in shared) parameter.Write(centers[parameter.Codebook]);
    }

    // Each codebook's member counts, at least 1 so that a cluster without members keeps a zero gradient; null for sums.
    static Tensor[]? Divisors(QuantizedState state, GradientAggregate aggregate, Device device) =>
        aggregate == GradientAggregate.Sum
            ? null
            : state.MemberCounts().Select(counts => tensor(counts.Select(n => (float)Math.Max(n, 1)).ToArray(), device: device).DetachFromDisposeScope()).ToArray();

    static float[] ToArray(Parameter center)
    {
        using Tensor values = center.detach().On(CPU);
        return values.data<float>().ToArray();
    }
}
