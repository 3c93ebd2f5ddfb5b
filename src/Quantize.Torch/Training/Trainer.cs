using Quantize.Format.Onnx;
using Quantize.Torch.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Training;

/// <summary>
/// Supervised training with softmax cross-entropy and Adam. Seeded: the initial weights come from
/// torch's generator and the batch order from a seeded shuffle, so a run repeats on the same machine.
/// It runs where the model's parameters are; each batch is moved there.
/// </summary>
public static class Trainer
{
    /// <summary>Trains in place; with Adam, returns its second-moment estimates v per parameter (named as in the module), else null.</summary>
    /// <param name="step">Applies one optimizer step after the backward pass; null = <c>optimizer.step()</c>. Masked retraining uses it to hold pruned weights at zero.</param>
    public static IReadOnlyList<ParameterTensor>? Train(nn.Module<Tensor, Tensor> model, ImageTensors data, TrainingOptions options,
        IProgress<TrainingProgress>? progress = null, Action<optim.Optimizer>? step = null) =>
        Run(model, model.parameters(), data, options, progress, step,
            optimizer => options.Optimizer == TrainingOptimizer.Adam ? AdamMoments.Read(model, optimizer) : null);

    /// <summary>
    /// Trains only <paramref name="trained"/>, which need not be the model's own parameters: fine-tuning
    /// optimizes codebook centers and lets <paramref name="step"/> carry their gradients in and their values out.
    /// </summary>
    public static void Train(nn.Module<Tensor, Tensor> model, IEnumerable<Parameter> trained, ImageTensors data, TrainingOptions options,
        IProgress<TrainingProgress>? progress = null, Action<optim.Optimizer>? step = null) =>
        Run<object?>(model, trained, data, options, progress, step, _ => null);

    /// <summary>
    /// Trains every parameter of a model fed named inputs, with <paramref name="loss"/> from <see cref="Distillation.Objective"/>
    /// (cross-entropy with labels, or distillation toward a <see cref="Teacher"/>) or any other batch loss.
    /// With Adam, returns its second-moment estimates per parameter (named as in the module), else null.
    /// </summary>
    public static IReadOnlyList<ParameterTensor>? Train(nn.Module<Tensor, Tensor> model, IModelData data, BatchLoss loss,
        TrainingOptions options, IProgress<TrainingProgress>? progress = null, Action<optim.Optimizer>? step = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        return Run(model, model.parameters(), data.Count, loss, options, progress, step,
            optimizer => options.Optimizer == TrainingOptimizer.Adam ? AdamMoments.Read(model, optimizer) : null);
    }

    /// <summary>As above, training only <paramref name="trained"/> (fine-tuning's codebook centers).</summary>
    public static void Train(nn.Module<Tensor, Tensor> model, IEnumerable<Parameter> trained, IModelData data, BatchLoss loss,
        TrainingOptions options, IProgress<TrainingProgress>? progress = null, Action<optim.Optimizer>? step = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Run<object?>(model, trained, data.Count, loss, options, progress, step, _ => null);
    }

    static T Run<T>(nn.Module<Tensor, Tensor> model, IEnumerable<Parameter> trained, ImageTensors data, TrainingOptions options,
        IProgress<TrainingProgress>? progress, Action<optim.Optimizer>? step, Func<optim.Optimizer, T> finish) =>
        Run(model, trained, data.Count, (positions, device) =>
        {
            (Tensor pixels, Tensor labels) = data.Batch(positions, device);
            return nn.functional.cross_entropy(model.forward(pixels), labels);
        }, options, progress, step, finish);

    static T Run<T>(nn.Module<Tensor, Tensor> model, IEnumerable<Parameter> trained, int dataCount, BatchLoss batchLoss, TrainingOptions options,
        IProgress<TrainingProgress>? progress, Action<optim.Optimizer>? step, Func<optim.Optimizer, T> finish)
    {
        TorchRuntime.EnsureLoaded();
        if (options.Epochs < 1) throw new ArgumentOutOfRangeException(nameof(options), "at least one epoch is needed");
        int count = options.Limit > 0 ? Math.Min(options.Limit, dataCount) : dataCount;
        int batchesPerEpoch = (count + options.BatchSize - 1) / options.BatchSize;
        long batchesTotal = (long)batchesPerEpoch * options.Epochs;
        Device device = TorchDevices.Of(model);

        var random = new Random(unchecked((int)options.Seed));
        using optim.Optimizer optimizer = options.Optimizer == TrainingOptimizer.Adam
            ? optim.Adam(trained, lr: options.LearningRate)
            : optim.SGD(trained, options.LearningRate, momentum: 0.9);
        model.train();
        long done = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            int[] order = Enumerable.Range(0, count).ToArray();
            random.Shuffle(order);
            double lossSum = 0;
            for (int b = 0; b < batchesPerEpoch; b++)
            {
                SetLearningRate(optimizer, options.LearningRate * CosineFactor(done, batchesTotal));
                using var scope = NewDisposeScope();
                int start = b * options.BatchSize;
                optimizer.zero_grad();
                Tensor loss = batchLoss(order.AsSpan(start, Math.Min(options.BatchSize, count - start)), device);
                loss.backward();
                if (step == null) optimizer.step();
                else step(optimizer);
                lossSum += loss.item<float>();
                done++;
                progress?.Report(new TrainingProgress(epoch, options.Epochs, done, batchesTotal, lossSum / (b + 1)));
            }
        }
        model.eval();
        return finish(optimizer);
    }

    static double CosineFactor(long step, long total) => 0.5 * (1 + Math.Cos(Math.PI * step / total));

    static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
