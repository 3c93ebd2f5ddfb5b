using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using Quantize.Torch.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Pruning;

/// <summary>
/// Retrains a pruned ONNX graph with its masks held: the surviving weights learn to make up for the
/// removed ones while pruned weights stay exactly zero. Same recipe as <see cref="Trainer"/> (seeded
/// shuffle, Adam, cosine decay), but its own loop because the masks must be re-applied after every step,
/// which Trainer has no hook for.
/// </summary>
public static class MaskedRetrainer
{
    /// <summary>Zeroes the pruned elements of the module's initializers in place.</summary>
    public static void ApplyMasks(OnnxGraphModule module, IReadOnlyList<PruningMask> masks)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach ((Parameter parameter, Tensor pruned) in PrunedElements(module, masks))
            parameter.masked_fill_(pruned, 0f);
    }

    /// <summary>Trains in place on the training split; returns the mean loss of each epoch.</summary>
    public static IReadOnlyList<double> Retrain(OnnxGraphModule module, IReadOnlyList<PruningMask> masks, ImageTensors train,
        TrainingOptions options, IProgress<TrainingProgress>? progress = null)
    {
        TorchRuntime.EnsureLoaded();
        if (options.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(options), "at least one epoch is needed");
        int count = options.Limit > 0 ? Math.Min(options.Limit, train.Count) : train.Count;
        int batchesPerEpoch = (count + options.BatchSize - 1) / options.BatchSize;
        long batchesTotal = (long)batchesPerEpoch * options.Epochs;

        using var maskScope = NewDisposeScope();
        var pruned = PrunedElements(module, masks);
        foreach (Parameter parameter in module.Initializers.Values) parameter.requires_grad = true;
        var random = new Random(unchecked((int)options.Seed));
        var losses = new List<double>();
        try
        {
            using optim.Optimizer optimizer = optim.Adam(module.parameters(), lr: options.LearningRate);
            module.train();
            long done = 0;
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                int[] order = Enumerable.Range(0, count).ToArray();
                random.Shuffle(order);
                double lossSum = 0;
                for (int b = 0; b < batchesPerEpoch; b++)
                {
                    foreach (var group in optimizer.ParamGroups)
                        group.LearningRate = options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * done / batchesTotal));
                    using var scope = NewDisposeScope();
                    int start = b * options.BatchSize;
                    (Tensor pixels, Tensor labels) = train.Batch(order.AsSpan(start, Math.Min(options.BatchSize, count - start)));
                    optimizer.zero_grad();
                    Tensor loss = nn.functional.cross_entropy(module.forward(pixels), labels);
                    loss.backward();
                    Step(optimizer, pruned);
                    lossSum += loss.item<float>();
                    done++;
                    progress?.Report(new TrainingProgress(epoch, options.Epochs, done, batchesTotal, lossSum / (b + 1)));
                }
                losses.Add(lossSum / batchesPerEpoch);
            }
        }
        finally
        {
            // The module is frozen again, as every other caller of OnnxGraphModule expects.
            foreach (Parameter parameter in module.Initializers.Values) parameter.requires_grad = false;
            module.eval();
        }
        return losses;
    }

    /// <summary>The module's pruned tensors as written back to ONNX; pruned elements are +0.0f.</summary>
    public static IReadOnlyList<ParameterTensor> ReadValues(OnnxGraphModule module, IReadOnlyList<PruningMask> masks) =>
        masks.Select(mask =>
        {
            Parameter parameter = module.Initializers[mask.Name];
            return new ParameterTensor(mask.Name, parameter.shape, mask.Apply(parameter.data<float>().ToArray()));
        }).ToList();

    static void Step(optim.Optimizer optimizer, List<(Parameter Parameter, Tensor Pruned)> pruned)
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

    static List<(Parameter Parameter, Tensor Pruned)> PrunedElements(OnnxGraphModule module, IReadOnlyList<PruningMask> masks) =>
        masks.Select(mask =>
        {
            if (!module.Initializers.TryGetValue(mask.Name, out Parameter? parameter))
                throw new PruningSpecException($"the model has no float tensor named '{mask.Name}'");
            Tensor keep = tensor(mask.Keep).reshape(parameter.shape);
            return (parameter, keep.logical_not());
        }).ToList();
}
