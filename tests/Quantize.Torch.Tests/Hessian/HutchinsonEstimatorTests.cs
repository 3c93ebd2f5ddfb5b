using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Hessian;

public class HutchinsonEstimatorTests
{
    public HutchinsonEstimatorTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void RawEstimateConvergesToTheExactDiagonalAsProbesGrow()
    {
        // On the tied network, whose Hessian is not the Gauss–Newton matrix: Hutchinson estimates the true Hessian.
        using OnnxGraphModule model = TinyNetworks.Tied(12);
        using Tensor inputs = TinyNetworks.Inputs(21, 6, 3), labels = TinyNetworks.Labels(22, 6, 3);
        var data = HessianData.FromTensors(inputs, labels);
        var options = new HessianOptions { Samples = 0 };
        double[] exact = HessianAssert.Flat(new ExactHessianEstimator().Estimate(model, data, options));

        double Error(int probes) => HessianAssert.RelativeError(
            HessianAssert.Flat(new HutchinsonEstimator().EstimateRaw(model, data, options with { Probes = probes })), exact);

        double few = Error(10), many = Error(4000);
        // The noise is the off-diagonal row of H and falls like 1/√probes: 10 → 4,000 probes cuts it 20-fold.
        Assert.True(many < 0.05, $"relative error {many:F4} at 4,000 probes");
        Assert.True(many < few / 8, $"relative error {many:F4} at 4,000 probes against {few:F4} at 10");
    }

    [Fact]
    public void EstimateClampsTheRawEstimateAtZero()
    {
        using OnnxGraphModule model = TinyNetworks.Mlp(11);
        using Tensor inputs = TinyNetworks.Inputs(21, 6, 4), labels = TinyNetworks.Labels(22, 6, 3);
        var data = HessianData.FromTensors(inputs, labels);
        var options = new HessianOptions { Samples = 0, Probes = 1, Seed = 3 };
        double[] raw = HessianAssert.Flat(new HutchinsonEstimator().EstimateRaw(model, data, options));
        double[] clamped = HessianAssert.Flat(new HutchinsonEstimator().Estimate(model, data, options));
        Assert.Contains(raw, v => v < 0);  // one probe is noisy enough to go negative, or this test would prove nothing
        Assert.Equal(raw.Select(v => Math.Max(v, 0)), clamped);
        Assert.All(model.Initializers.Values, p => Assert.False(p.requires_grad));
    }
}
