using Quantize.Format.Onnx;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// The exact diagonal of the Hessian of the average loss, one Hessian-vector product (with e_i) per
/// parameter: the reference for small networks. Entries can be negative in general (the network's own
/// second derivatives enter); for ReLU/max-pool networks with cross-entropy it equals the Gauss–Newton
/// diagonal. Refuses models above <see cref="HessianOptions.ExactParameterLimit"/> parameters.
/// </summary>
public sealed class ExactHessianEstimator : IHessianEstimator
{
    public const string EstimatorName = "exact";

    public string Name => EstimatorName;

    public IReadOnlyList<ParameterTensor> Estimate(OnnxGraphModule model, HessianData data, HessianOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        long parameterCount = model.Initializers.Values.Sum(p => p.numel());
        if (parameterCount > options.ExactParameterLimit)
            throw new ArgumentException(
                $"the exact Hessian diagonal costs one Hessian-vector product per parameter, and this model has {parameterCount:N0} parameters " +
                $"(limit {options.ExactParameterLimit:N0}); use {GaussNewtonEstimator.EstimatorName} (the same diagonal for ReLU networks with cross-entropy) or raise the limit");
        TorchRuntime.EnsureLoaded();
        int total = SampleBatches.Total(data, options);
        string[] names = model.Initializers.Keys.ToArray();
        Tensor[] parameters = model.Initializers.Values.Select(p => (Tensor)p).ToArray();
        int batches = SampleBatches.Count(total, options.BatchSize);

        using var gradients = new GradientsOn(model);
        using var sums = new ParameterSums(model);
        int batch = 0;
        foreach ((int start, int count) in SampleBatches.Ranges(total, options.BatchSize))
        {
            using var scope = NewDisposeScope();
            IList<Tensor> g = LossGradient.WithGraph(model, parameters, data, start, count, options.Loss);
            long done = 0;
            for (int k = 0; k < parameters.Length; k++)
            {
                if (LossGradient.HasGraph(g[k])) sums.Add(names[k], Diagonal(g[k], parameters[k]));
                done += parameters[k].numel();
                progress?.Report((batch + (double)done / parameterCount) / batches);
            }
            batch++;
        }
        return sums.ToParameterTensors(1.0 / total);
    }

    // H_ii = ∂g_i/∂θ_i: differentiate one gradient entry at a time, with respect to its own tensor only.
    static Tensor Diagonal(Tensor gradient, Tensor parameter)
    {
        Tensor flat = gradient.reshape(-1);
        var diagonal = new double[flat.shape[0]];
        for (long i = 0; i < diagonal.Length; i++)
        {
            using var scope = NewDisposeScope();
            Tensor row = autograd.grad([flat[i]], [parameter], retain_graph: true, allow_unused: true)[0];
            if (!row.IsInvalid) diagonal[i] = row.reshape(-1)[i].item<float>();
        }
        return tensor(diagonal);
    }
}
