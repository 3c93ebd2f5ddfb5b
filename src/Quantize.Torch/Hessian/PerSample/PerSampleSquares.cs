using Quantize.Torch.Onnx.Ops;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian.PerSample;

/// <summary>
/// Σ_n (∂ℓ_n/∂θ)² for a Conv's or Gemm's parameters from the node's input activation a and the gradient
/// g at its output, without one backward pass per sample: each sample's parameter gradient is an outer
/// product of its own a_n and g_n (after unfolding, for a convolution).
/// </summary>
static class PerSampleSquares
{
    // Upper bound on elements of the unfolded input held at once; big convolutions go through in chunks of samples.
    const long UnfoldBudget = 1L << 24;

    public static void Accumulate(FastPathNode node, Tensor activation, Tensor gradient, ParameterSums sums)
    {
        if (activation.dim() == 0 || activation.shape[0] != gradient.shape[0])
            throw new InvalidOperationException(
                $"{node.Node.OpType} node '{node.Node.Name}' does not keep the batch in the first dimension of its input; per-sample curvature needs it");
        using var scope = NewDisposeScope();
        if (node.Node.OpType == "Gemm") Gemm(node, activation, gradient, sums);
        else Conv(node, activation, gradient, sums);
    }

    // Y = alpha·A·B' + beta·C: ∂ℓ_n/∂B'[o, i] = alpha·g_n[o]·a_n[i], so Σ_n of its square is alpha²·(g²)ᵀ(a²).
    static void Gemm(FastPathNode node, Tensor a, Tensor g, ParameterSums sums)
    {
        var attributes = new NodeAttributes(node.Node);
        double alpha = attributes.Float("alpha", 1f), beta = attributes.Float("beta", 1f);
        Tensor g2 = g.square();
        if (node.Weight is { } weight)
        {
            Tensor a2 = a.square();
            Tensor squares = attributes.Int("transB", 0) != 0 ? g2.t().matmul(a2) : a2.t().matmul(g2);
            sums.Add(weight, squares.mul(alpha * alpha));
        }
        if (node.Bias is { } bias)
        {
            // One C value per output gets g_n; a single broadcast C gets the sum of g_n over the outputs.
            // (dim: is named on purpose: a bare literal 0 binds to the sum(ScalarType) overload.)
            Tensor squares = sums.ElementCount(bias) == 1 && g.shape[1] != 1 ? g.sum(1).square().sum() : g2.sum(dim: 0);
            sums.Add(bias, squares.mul(beta * beta));
        }
    }

    // Per sample: G_n = g_n (C_out × P) · unfold(a_n)ᵀ (P × C_in·kh·kw), P the output positions.
    static void Conv(FastPathNode node, Tensor a, Tensor g, ParameterSums sums)
    {
        long batch = g.shape[0], outChannels = g.shape[1];
        Tensor gFlat = g.reshape(batch, outChannels, -1);
        if (node.Weight is { } weight)
        {
            long[] kernel = sums.Shape(weight);
            var attributes = new NodeAttributes(node.Node);
            long[] strides = attributes.Ints("strides") ?? [1, 1];
            long[] dilations = attributes.Ints("dilations") ?? [1, 1];
            long[] pads = attributes.Ints("pads") ?? [0, 0, 0, 0];
            long positions = gFlat.shape[2], patch = kernel[1] * kernel[2] * kernel[3];
            long chunk = Math.Max(1, UnfoldBudget / Math.Max(1, patch * positions));
            Tensor total = zeros(outChannels, patch, dtype: g.dtype, device: g.device);
            for (long start = 0; start < batch; start += chunk)
            {
                using var scope = NewDisposeScope();
                long count = Math.Min(chunk, batch - start);
                Tensor columns = nn.functional.unfold(a.narrow(0, start, count), (kernel[2], kernel[3]),
                    dilation: (dilations[0], dilations[1]), padding: (pads[0], pads[1]), stride: (strides[0], strides[1]));
                if (columns.shape[2] != positions)
                    throw new InvalidOperationException($"Conv node '{node.Node.Name}': unfolding gave {columns.shape[2]} positions, the output has {positions}");
                Tensor perSample = gFlat.narrow(0, start, count).bmm(columns.transpose(1, 2));
                total.add_(perSample.square().sum(dim: 0));
            }
            sums.Add(weight, total);
        }
        if (node.Bias is { } bias) sums.Add(bias, gFlat.sum(2).square().sum(dim: 0));
    }
}
