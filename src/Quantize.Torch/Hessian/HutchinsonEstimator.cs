using Quantize.Format.Onnx;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// Hutchinson's estimator of the Hessian diagonal, E_z[z ⊙ Hz] with Rademacher z, one Hessian-vector
/// product (double backprop) per probe; fresh probes for every batch. Unbiased for the true Hessian's
/// diagonal (including the network's own second derivatives), but each entry's estimate carries the
/// off-diagonal row of H as noise, Σ_{j≠i} z_i·z_j·H_ij, so per-entry accuracy needs many probes: on
/// LeNet-5 20 probes were nearly uncorrelated with the exact diagonal, half the entries negative
/// (DESIGN §6). <see cref="Estimate"/> clamps negative estimates to zero because the quantizer weighs
/// distortion by these values and needs them non-negative (the true diagonal of a ReLU network with
/// cross-entropy is non-negative too); <see cref="EstimateRaw"/> gives the unclamped average.
/// </summary>
public sealed class HutchinsonEstimator : IHessianEstimator
{
    public const string EstimatorName = "hutchinson";

    public string Name => EstimatorName;

    public IReadOnlyList<ParameterTensor> Estimate(OnnxGraphModule model, HessianData data, HessianOptions options, IProgress<double>? progress = null) =>
        EstimateRaw(model, data, options, progress)
            .Select(p => p with { Values = p.Values.Select(v => Math.Max(v, 0f)).ToArray() })
            .ToArray();

    /// <summary>The plain Monte-Carlo average, negative entries included (unbiased, noisy).</summary>
    public IReadOnlyList<ParameterTensor> EstimateRaw(OnnxGraphModule model, HessianData data, HessianOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        TorchRuntime.EnsureLoaded();
        int total = SampleBatches.Total(data, options);
        string[] names = model.Initializers.Keys.ToArray();
        Tensor[] parameters = model.Initializers.Values.Select(p => (Tensor)p).ToArray();

        using var gradients = new GradientsOn(model);
        using var sums = new ParameterSums(model);
        using var generator = new Generator(unchecked((ulong)options.Seed));
        foreach ((int start, int count) in SampleBatches.Ranges(total, options.BatchSize))
        {
            using var scope = NewDisposeScope();
            IList<Tensor> g = LossGradient.WithGraph(model, parameters, data, start, count, options.Loss);
            int[] curved = Enumerable.Range(0, g.Count).Where(i => LossGradient.HasGraph(g[i])).ToArray();
            for (int probe = 0; probe < options.Probes && curved.Length > 0; probe++)
            {
                using var probeScope = NewDisposeScope();
                // Drawn on the CPU (the seeded generator lives there) and moved: every device sees the same probes.
                Tensor[] z = parameters.Select(p => randint(2, p.shape, dtype: p.dtype, generator: generator).mul_(2).sub_(1).On(p.device)).ToArray();
                // Hz = ∂(g·z)/∂θ; parameters whose gradient is constant add nothing to g·z.
                IList<Tensor> hz = autograd.grad([.. curved.Select(i => g[i])], parameters, [.. curved.Select(i => z[i])], retain_graph: true, allow_unused: true);
                for (int i = 0; i < hz.Count; i++)
                    if (!hz[i].IsInvalid) sums.Add(names[i], z[i].mul(hz[i]));
            }
            progress?.Report((double)(start + count) / total);
        }
        return sums.ToParameterTensors(1.0 / ((double)total * options.Probes));
    }
}
