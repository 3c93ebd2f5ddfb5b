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
    /// <param name="repeats">Each time is the fastest of this many runs, which filters out a busy machine's noise.</param>
    public static HessianProfile Profile(OnnxGraphModule model, HessianData data, HessianOptions options, IEnumerable<string>? estimators = null, int repeats = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        TorchRuntime.EnsureLoaded();
        int total = SampleBatches.Total(data, options);
        long parameterCount = model.Initializers.Values.Sum(p => p.numel());
        IEnumerable<string> names = estimators ?? HessianEstimators.Names.Where(
            n => n != ExactHessianEstimator.EstimatorName || parameterCount <= options.ExactParameterLimit);

        // Warm-up, so that first-call costs (kernel selection, allocations) do not inflate the yardstick.
        GradientPass(model, data, options with { Samples = Math.Min(total, options.BatchSize) });
        double gradient = Fastest(repeats, () => GradientPass(model, data, options with { Samples = total }));
        var timings = new List<HessianTiming>();
        foreach (string name in names)
        {
            IHessianEstimator estimator = HessianEstimators.Create(name);
            double seconds = Fastest(repeats, () => estimator.Estimate(model, data, options with { Samples = total }));
            timings.Add(new HessianTiming(estimator.Name, Setting(estimator, options), seconds, seconds / gradient));
        }
        return new HessianProfile(total, options.BatchSize, repeats, gradient, timings);
    }

    /// <summary>Forward and backward of the average loss with respect to every parameter, batch by batch.</summary>
    internal static void GradientPass(OnnxGraphModule model, HessianData data, HessianOptions options)
    {
        int total = SampleBatches.Total(data, options);
        Tensor[] parameters = model.Initializers.Values.Select(p => (Tensor)p).ToArray();
        using var gradients = new GradientsOn(model);
        foreach ((int start, int count) in SampleBatches.Ranges(total, options.BatchSize))
        {
            using var scope = NewDisposeScope();
            (Tensor inputs, Tensor targets) = data.Batch(start, count);
            Tensor loss = HessianLosses.Sum(HessianLosses.Flatten(model.forward(inputs), count), targets, options.Loss).div(total);
            autograd.grad([loss], parameters, allow_unused: true);
        }
    }

    static string Setting(IHessianEstimator estimator, HessianOptions options) => estimator switch
    {
        GaussNewtonEstimator => options.Mode == GaussNewtonMode.Sampled ? $"sampled, {options.Draws} draw(s)" : "exact",
        HutchinsonEstimator => $"{options.Probes} probes",
        _ => "one product per parameter",
    };

    static double Fastest(int repeats, Action action)
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
