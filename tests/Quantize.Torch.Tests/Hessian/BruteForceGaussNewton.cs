using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Hessian;

/// <summary>
/// The Gauss–Newton diagonal the slow, obvious way: for every sample, the full Jacobian of the output
/// (one backward pass per output entry), then diag(Jᵀ·H·J) with H the loss's output Hessian written out
/// (cross-entropy: diag(p) − ppᵀ; squared error: I), in double precision.
/// </summary>
static class BruteForceGaussNewton
{
    public static double[] Diagonal(OnnxGraphModule model, Tensor inputs, HessianLoss loss)
    {
        var parameters = model.Initializers.Values.ToArray();
        long total = parameters.Sum(p => p.numel());
        var diagonal = new double[total];
        long samples = inputs.shape[0];
        foreach (var p in parameters) p.requires_grad = true;
        try
        {
            for (long n = 0; n < samples; n++)
            {
                using var scope = NewDisposeScope();
                Tensor output = model.forward(inputs.narrow(0, n, 1)).reshape(-1);
                int outputs = (int)output.shape[0];
                var jacobian = new double[outputs][];
                for (int k = 0; k < outputs; k++)
                {
                    var rows = autograd.grad([output[k]], [.. parameters], retain_graph: true, allow_unused: true);
                    jacobian[k] = rows.Zip(parameters).SelectMany(pair =>
                        pair.First.IsInvalid ? new double[pair.Second.numel()] : pair.First.reshape(-1).to(ScalarType.Float64).data<double>().ToArray()).ToArray();
                }
                double[,] h = OutputHessian(output.to(ScalarType.Float64).data<double>().ToArray(), loss);
                for (long i = 0; i < total; i++)
                    for (int k = 0; k < outputs; k++)
                        for (int l = 0; l < outputs; l++)
                            diagonal[i] += jacobian[k][i] * h[k, l] * jacobian[l][i];
            }
        }
        finally
        {
            foreach (var p in parameters) p.requires_grad = false;
        }
        return diagonal.Select(d => d / samples).ToArray();
    }

    static double[,] OutputHessian(double[] logits, HessianLoss loss)
    {
        int k = logits.Length;
        var h = new double[k, k];
        if (loss == HessianLoss.SquaredError)
        {
            for (int i = 0; i < k; i++) h[i, i] = 1;
            return h;
        }
        double max = logits.Max();
        double[] e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double[] p = e.Select(v => v / e.Sum()).ToArray();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                h[i, j] = (i == j ? p[i] : 0) - p[i] * p[j];
        return h;
    }
}
