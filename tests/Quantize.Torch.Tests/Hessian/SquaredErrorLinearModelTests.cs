using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Hessian;

/// <summary>
/// For a linear model y = W·x + b with loss ½‖y − t‖², the Hessian is the Gauss–Newton matrix and its
/// diagonal is known in closed form: (1/N)·Σ_n x_n,i² for W[o, i] and 1 for b[o]. Every estimator must find it.
/// </summary>
public class SquaredErrorLinearModelTests
{
    const int Samples = 8;

    public SquaredErrorLinearModelTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void AllEstimatorsFindTheClosedForm()
    {
        using OnnxGraphModule model = TinyNetworks.Linear(71);
        using Tensor inputs = TinyNetworks.Inputs(72, Samples, 4), targets = TinyNetworks.Inputs(73, Samples, 3);
        var data = HessianData.FromTensors(inputs, targets);
        var options = new HessianOptions { Samples = 0, BatchSize = 3, Loss = HessianLoss.SquaredError };
        double[] expected = ClosedForm(inputs);

        double[] exact = HessianAssert.Flat(new ExactHessianEstimator().Estimate(model, data, options));
        double[] gaussNewton = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(model, data, options with { Mode = GaussNewtonMode.Exact }));
        double[] sampled = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(model, data, options with { Draws = 4000 }));
        double[] hutchinson = HessianAssert.Flat(new HutchinsonEstimator().EstimateRaw(model, data, options with { Probes = 4000 }));

        HessianAssert.Close(expected, exact, 1e-6, 1e-5);
        HessianAssert.Close(expected, gaussNewton, 1e-6, 1e-5);
        HessianAssert.Close(expected, BruteForceGaussNewton.Diagonal(model, inputs, HessianLoss.SquaredError), 1e-6, 1e-5);
        // Monte-Carlo estimates (Rademacher output vectors, Rademacher probes): within 5% overall.
        Assert.True(HessianAssert.RelativeError(sampled, expected) < 0.05, $"sampled Gauss–Newton off by {HessianAssert.RelativeError(sampled, expected):F4}");
        Assert.True(HessianAssert.RelativeError(hutchinson, expected) < 0.05, $"Hutchinson off by {HessianAssert.RelativeError(hutchinson, expected):F4}");
    }

    static double[] ClosedForm(Tensor inputs)
    {
        double[][] rows = DoubleNetworks.Rows(inputs);
        double[] meanSquare = Enumerable.Range(0, 4).Select(i => rows.Average(r => r[i] * r[i])).ToArray();
        return [.. Enumerable.Range(0, 3).SelectMany(_ => meanSquare), 1, 1, 1];
    }
}
