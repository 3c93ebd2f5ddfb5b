using Quantize.Format.Onnx;
using Quantize.Torch.Hessian.PerSample;
using Quantize.Torch.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian;

/// <summary>
/// The diagonal of the generalized Gauss–Newton matrix (1/N)·Σ_n J_nᵀ·H_n·J_n, J_n the Jacobian of sample
/// n's output with respect to the parameters and H_n the Hessian of its loss with respect to that output
/// (cross-entropy: diag(p) − ppᵀ; squared error: I). It is the Hessian without the terms that carry the
/// network's own second derivatives, so it is never negative; for ReLU/max-pool networks those terms
/// vanish on the diagonal, so there it equals the Hessian's diagonal, and for a linear model with squared
/// error it is the Hessian. It does not use the labels. Sums of per-sample squared gradients come in
/// closed form from each Conv/Gemm node's input and output gradient; other parameters go through an
/// exact per-sample loop (one micro-batch per sample), which is slower.
/// </summary>
public sealed class GaussNewtonEstimator : IHessianEstimator
{
    public const string EstimatorName = "gauss-newton";

    public string Name => EstimatorName;

    /// <summary>False sends every parameter through the per-sample loop: the slow reference for the closed forms.</summary>
    internal bool UseFastPaths { get; init; } = true;

    public IReadOnlyList<ParameterTensor> Estimate(OnnxGraphModule model, HessianData data, HessianOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        TorchRuntime.EnsureLoaded();
        int total = SampleBatches.Total(data, options);
        // Image batches run the score nodes, named inputs the primary outputs' nodes.
        FastPathPlan plan = FastPathPlan.For(model, data.OfNamedInputs ? model.PrimaryNodes : model.Nodes, UseFastPaths);
        (string Name, Parameter Parameter)[] loop = plan.PerSample.Select(name => (name, model.Initializers[name])).ToArray();

        using var gradients = new GradientsOn(model);
        using var sums = new ParameterSums(model);
        using var capture = new NodeCapture(plan.Nodes);
        using var generator = new Generator(unchecked((ulong)options.Seed));
        Device device = TorchDevices.Of(model);
        // The capture sees one graph run per batch, so a graph with a fixed batch size gets batches of that size.
        int batchSize = model.FixedBatch is long fixedBatch ? (int)fixedBatch : options.BatchSize;
        foreach ((int start, int count) in SampleBatches.Ranges(total, batchSize))
        {
            using var scope = NewDisposeScope();
            HessianBatch batch = data.Batch(start, count, device);
            batch.CheckLoss(model, options.Loss);
            try
            {
                Tensor outputs = capture.Forward(model, batch);
                IReadOnlyList<Tensor> upstreams = UpstreamVectors.For(outputs.detach(), options.Loss, options.Mode, options.Draws, generator);
                if (plan.Nodes.Count > 0) ClosedForms(plan, capture, outputs, upstreams, sums);
                if (loop.Length > 0) PerSampleLoop(model, batch, loop, upstreams, sums);
            }
            finally
            {
                capture.Clear();
            }
            progress?.Report((double)(start + count) / total);
        }
        return sums.ToParameterTensors(1.0 / total);
    }

    // One backward pass per upstream vector gives every captured node's output gradient for the whole batch.
    static void ClosedForms(FastPathPlan plan, NodeCapture capture, Tensor outputs, IReadOnlyList<Tensor> upstreams, ParameterSums sums)
    {
        IReadOnlyList<Tensor> nodeOutputs = capture.Outputs;
        foreach (Tensor upstream in upstreams)
        {
            using var scope = NewDisposeScope();
            IList<Tensor> gradients = autograd.grad([outputs], [.. nodeOutputs], [upstream], retain_graph: true, allow_unused: true);
            for (int i = 0; i < gradients.Count; i++)
                if (!gradients[i].IsInvalid)
                    PerSampleSquares.Accumulate(plan.Nodes[i], capture.Activation(i), gradients[i], sums);
        }
    }

    // Exact for any graph, at one forward and one backward per upstream vector per sample.
    static void PerSampleLoop(OnnxGraphModule model, HessianBatch batch, (string Name, Parameter Parameter)[] loop, IReadOnlyList<Tensor> upstreams, ParameterSums sums)
    {
        Tensor[] parameters = loop.Select(p => (Tensor)p.Parameter).ToArray();
        for (long n = 0; n < batch.Count; n++)
        {
            using var scope = NewDisposeScope();
            Tensor output = batch.Sample(n).Forward(model);
            foreach (Tensor upstream in upstreams)
            {
                IList<Tensor> gradients = autograd.grad([output], parameters, [upstream.narrow(0, n, 1)], retain_graph: true, allow_unused: true);
                for (int i = 0; i < gradients.Count; i++)
                    if (!gradients[i].IsInvalid) sums.Add(loop[i].Name, gradients[i].square());
            }
        }
    }
}
