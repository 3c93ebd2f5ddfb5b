using System.Diagnostics;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// Times each estimator against one plain gradient pass over the same samples and batches, so costs can be
/// quoted as multiples of "a gradient pass" (the paper's yardstick) on whatever machine runs it.
/// </summary>
public static class HessianProfiler
{
    /// <param name="estimators">Names to time; by default all, leaving out <c>exact</c> when the model is above its parameter limit.</param>
    /// <param name="repeats">Rounds; each time is the fastest of its runs, which filters out a busy machine's noise.</param>
    public static HessianProfile Profile(OnnxGraphModule model, HessianData data, HessianOptions options, IEnumerable<string>? estimators = null, int repeats = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        TorchRuntime.EnsureLoaded();
        int total = SampleBatches.Total(data, options);
        long parameterCount = model.Initializers.Values.Sum(p => p.numel());
        IEnumerable<string> names = estimators ?? HessianEstimators.Names.Where(
            n => n != ExactHessianEstimator.EstimatorName || parameterCount <= options.ExactParameterLimit);

        IHessianEstimator[] timed = names.Select(HessianEstimators.Create).ToArray();
        HessianOptions run = options with { Samples = total };

        // Warm-up, so that first-call costs (kernel selection, allocations) do not inflate the yardstick.
        GradientPass(model, data, options with { Samples = Math.Min(total, options.BatchSize) });
        // Rounds interleave the yardstick with the estimators, so a load that comes and goes hits both alike.
        double gradient = double.PositiveInfinity;
        double[] seconds = Enumerable.Repeat(double.PositiveInfinity, timed.Length).ToArray();
        for (int round = 0; round < repeats; round++)
        {
            gradient = Math.Min(gradient, Seconds(() => GradientPass(model, data, run)));
            for (int i = 0; i < timed.Length; i++)
            {
                IHessianEstimator estimator = timed[i];
                seconds[i] = Math.Min(seconds[i], Seconds(() => estimator.Estimate(model, data, run)));
            }
        }
        HessianTiming[] timings = timed
            .Select((estimator, i) => new HessianTiming(estimator.Name, Setting(estimator, options), seconds[i], seconds[i] / gradient))
            .ToArray();
        return new HessianProfile(total, options.BatchSize, repeats, gradient, timings);
    }

    /// <summary>Forward and backward of the average loss with respect to every parameter, batch by batch.</summary>
    internal static void GradientPass(OnnxGraphModule model, HessianData data, HessianOptions options)
    {
        int total = SampleBatches.Total(data, options);
        Tensor[] parameters = model.Initializers.Values.Select(p => (Tensor)p).ToArray();
        using var gradients = new GradientsOn(model);
        Device device = TorchDevices.Of(model);
        foreach ((int start, int count) in SampleBatches.Ranges(total, options.BatchSize))
        {
            using var scope = NewDisposeScope();
            HessianBatch batch = data.Batch(start, count, device);
            Tensor loss = HessianLosses.Sum(batch.Forward(model), batch.Targets, options.Loss).div(total);
            autograd.grad([loss], parameters, allow_unused: true);
        }
    }

    static string Setting(IHessianEstimator estimator, HessianOptions options) => estimator switch
    {
        GaussNewtonEstimator => options.Mode == GaussNewtonMode.Sampled ? $"sampled, {options.Draws} draw(s)" : "exact",
        HutchinsonEstimator => $"{options.Probes} probes",
        _ => "one product per parameter",
    };

    static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }
}
