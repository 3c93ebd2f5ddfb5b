using Quantize.Cli.Names;
using Quantize.Cli.Reports;
using Quantize.Cli.Terminal;
using Quantize.Core.Clustering;
using Quantize.Core.Scaling;
using Quantize.Format.Onnx.Proto;
using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using Quantize.Torch.FineTuning;
using Quantize.Torch.Onnx;
using Quantize.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Quantize.Cli.Pipeline;

/// <summary>
/// The fine-tuning stage of compress and sweep: the shared values of every group move by the aggregated gradients of their
/// members on the training split (never the test set); assignments and pruned positions stay as quantized. Under --scale a
/// shared value c stands for c·s in each channel, and its gradient gathers its members' gradients times their scales.
/// </summary>
public static class SharedValueTuning
{
    /// <summary>Fine-tunes the groups' shared values on the training split (loaded once by the caller: sweep tunes many quantizations).</summary>
    public static TuningOutcome Run(FineTuningRequest tuning, IModelData train, ModelProto model,
        PrunedPositions pruned, IReadOnlyList<GroupQuantization> quantized, Device device, TextWriter progressWriter)
    {
        using var module = new OnnxGraphModule(model).to(device);
        QuantizedState state = StateOf(quantized, pruned, module);
        if (state.Parameters.Count == 0)
            throw new UserInputException("none of the quantized tensors is an initializer the executor can train, so there is nothing to fine-tune");
        var options = new FineTuningOptions
        {
            Epochs = tuning.Epochs, LearningRate = tuning.LearningRate, Aggregate = tuning.Aggregate, Limit = tuning.Limit, Seed = tuning.Seed,
            Distill = tuning.Distill,
        };
        FineTuningResult result = null!;
        ProgressDisplay.Run(progressWriter, "fine-tuning shared values", progress =>
            result = SharedValueFineTuner.FineTune(module, state, train, options, new TrainingProgressReporter(progress)));

        List<GroupQuantization> tuned = quantized
            .Select((group, g) => group with { Quantization = new Quantization(result.Centers[g], group.Quantization.Assignment) })
            .ToList();
        long images = tuning.Limit > 0 ? Math.Min(tuning.Limit, train.Count) : train.Count;
        var report = new FineTuningReport(tuning.Epochs, tuning.LearningRate, AggregateNames.Of(tuning.Aggregate), images,
            device.type.ToString().ToLowerInvariant(), result.EpochLosses) { Seed = tuning.Seed };
        return new TuningOutcome(tuned, report);
    }

    /// <summary>
    /// Each group is one codebook; its assignment lists the kept elements of its tensors in order (as
    /// <see cref="PrunedPositions.KeptValues"/> concatenated them), so pruned elements are put back as such. Tensors the
    /// executor holds no parameter for (e.g. weights in Constant nodes) share their codebook but are not trained.
    /// </summary>
    static QuantizedState StateOf(IReadOnlyList<GroupQuantization> quantized, PrunedPositions pruned, OnnxGraphModule module)
    {
        var assignments = new List<CodebookAssignment>();
        for (int g = 0; g < quantized.Count; g++)
        {
            int[] assignment = quantized[g].Quantization.Assignment;
            int at = 0;
            IReadOnlyList<ParameterTensor> tensors = quantized[g].Group.Tensors;
            for (int t = 0; t < tensors.Count; t++)
            {
                ParameterTensor tensor = tensors[t];
                bool[]? kept = pruned.Of(tensor)?.Kept;
                var clusters = new int[tensor.ElementCount];
                for (int i = 0; i < clusters.Length; i++)
                    clusters[i] = kept == null || kept[i] ? assignment[at++] : CodebookAssignment.Pruned;
                TensorScales? scales = quantized[g].Group.Scales?[t];
                if (module.Initializers.ContainsKey(tensor.Name))
                    assignments.Add(new CodebookAssignment(tensor.Name, g, clusters) { Scales = scales == null ? null : PerElement(tensor, scales) });
            }
        }
        return new QuantizedState(quantized.Select(q => q.Quantization.Centers).ToList(), assignments);
    }

    /// <summary>Each element's scale, laid out as the tensor (a pruned element's too; it stays 0 whatever its scale).</summary>
    static float[] PerElement(ParameterTensor tensor, TensorScales scales)
    {
        var ones = new float[tensor.ElementCount];
        Array.Fill(ones, 1f);
        ScaleNormalization.Denormalize(ones, tensor.Dims, scales);
        return ones;
    }
}
