using Quantize.Format.Onnx;
using Quantize.Torch.Hessian;
using Quantize.Torch.Hessian.PerSample;
using Quantize.Torch.Models;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Hessian;

public class GaussNewtonEstimatorTests
{
    // Float32 per-sample squares against a double-precision sum of Jᵀ·H·J: measured agreement is 1e-7 of
    // the largest entry; allowed, 1e-6 of it plus 1e-5 relative.
    const double Absolute = 1e-6, Relative = 1e-5;

    static readonly HessianOptions ExactMode = new() { Samples = 0, BatchSize = 4, Mode = GaussNewtonMode.Exact };

    public GaussNewtonEstimatorTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("mlp", 0)]      // Gemm closed forms, transB = 1
    [InlineData("shared-bias", 0)] // Gemm with one C value broadcast to every output, and without C
    [InlineData("conv", 0)]     // Conv closed forms (pads, stride, dilation), Gemm with transB = 0, alpha, beta
    [InlineData("grouped", 2)]  // a grouped Conv: per-sample loop for its parameters
    [InlineData("tied", 2)]     // MatMul, Add and a shared weight: per-sample loop for everything
    public void ExactModeEqualsBruteForceJacobians(string network, int loopParameters)
    {
        (OnnxGraphModule model, long[] inputShape) = Network(network);
        using (model)
        {
            using Tensor inputs = TinyNetworks.Inputs(31, 6, inputShape), labels = TinyNetworks.Labels(32, 6, 3);
            Assert.Equal(loopParameters, FastPathPlan.For(model, model.Nodes, fastPaths: true).PerSample.Count);

            IReadOnlyList<ParameterTensor> estimate = new GaussNewtonEstimator().Estimate(model, HessianData.FromTensors(inputs, labels), ExactMode);

            HessianAssert.ShapedLike(model, estimate);
            double[] actual = HessianAssert.Flat(estimate);
            Assert.All(actual, v => Assert.True(v >= 0, $"negative Gauss–Newton entry {v}"));
            Assert.True(actual.Max() > 0);
            double[] expected = BruteForceGaussNewton.Diagonal(model, inputs, HessianLoss.CrossEntropy);
            HessianAssert.Close(expected, actual, Absolute * expected.Max(), Relative);
        }
    }

    [Theory]
    [InlineData(1)]     // one label drawn per input, many inputs
    [InlineData(100)]   // many labels drawn per input
    public void SampledModeConvergesToExactModeAsSamplesGrow(int draws)
    {
        // The 6 inputs repeated R times have the same average loss, hence the same Gauss–Newton matrix, but
        // the sampled estimate averages R·draws independent labels per input.
        using OnnxGraphModule model = TinyNetworks.Conv(41);
        using Tensor inputs = TinyNetworks.Inputs(42, 6, 1, 7, 7), labels = TinyNetworks.Labels(43, 6, 3);
        double[] exact = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(model, HessianData.FromTensors(inputs, labels), ExactMode));

        double Error(int repeats, int drawsPerInput)
        {
            using Tensor x = inputs.repeat(repeats, 1, 1, 1), y = labels.repeat(repeats);
            var options = new HessianOptions { Samples = 0, BatchSize = 4000, Draws = drawsPerInput, Seed = drawsPerInput };
            return HessianAssert.RelativeError(HessianAssert.Flat(new GaussNewtonEstimator().Estimate(model, HessianData.FromTensors(x, y), options)), exact);
        }

        int repeats = 2000 / draws;
        double few = Error(1, 1), many = Error(repeats, draws);
        // Monte-Carlo error falls like 1/√(repeats·draws): 2,000-fold more labels should cut it about 45-fold.
        Assert.True(many < 0.03, $"relative error {many:F4} with {repeats} repeats × {draws} draws");
        Assert.True(many < few / 10, $"relative error {many:F4} with {repeats} repeats × {draws} draws against {few:F4} with one");
    }

    [Fact]
    public void SampledModeIsSeededAndNeverNegative()
    {
        using OnnxGraphModule model = TinyNetworks.Mlp(51);
        using Tensor inputs = TinyNetworks.Inputs(52, 8, 4), labels = TinyNetworks.Labels(53, 8, 3);
        var data = HessianData.FromTensors(inputs, labels);
        var options = new HessianOptions { Samples = 0, BatchSize = 3, Seed = 7 };
        double[] first = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(model, data, options));
        double[] again = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(model, data, options));
        double[] otherSeed = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(model, data, options with { Seed = 8 }));
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        Assert.All(first, v => Assert.True(v >= 0));
    }

    [Fact]
    public void LeNet5ClosedFormsEqualThePerSampleLoop()
    {
        // Untrained but seeded LeNet-5 on 32 calibration images: every parameter sits on a Conv or Gemm
        // closed form, so this checks the unfold geometry of real 5×5 convolutions against plain autograd.
        manual_seed(3);
        using var lenet = new LeNet5();
        using var model = new OnnxGraphModule(LeNet5Onnx.Export(lenet, "test"));
        Assert.Empty(FastPathPlan.For(model, model.Nodes, fastPaths: true).PerSample);
        var data = HessianData.FromImages(TestData.Train);
        var options = new HessianOptions { Samples = 32, BatchSize = 20, Mode = GaussNewtonMode.Exact };

        IReadOnlyList<ParameterTensor> fast = new GaussNewtonEstimator().Estimate(model, data, options);
        IReadOnlyList<ParameterTensor> slow = new GaussNewtonEstimator { UseFastPaths = false }.Estimate(model, data, options);

        HessianAssert.ShapedLike(model, fast);
        foreach ((ParameterTensor f, ParameterTensor s) in fast.Zip(slow))
        {
            // The same sums in another order of float32 operations: measured within 1.5e-7 of the tensor's
            // largest entry; allowed, 1e-5 of it.
            double scale = s.Values.Max();
            Assert.True(scale > 0, $"{s.Name} has no curvature");
            HessianAssert.Close(s.Values.Select(v => (double)v).ToArray(), f.Values.Select(v => (double)v).ToArray(), 1e-5 * scale, 0);
        }
    }

    [Fact]
    public void LeavesTheModelAsItFoundItAndReportsProgressToOne()
    {
        using OnnxGraphModule model = TinyNetworks.Conv(61);
        using Tensor inputs = TinyNetworks.Inputs(62, 10, 1, 7, 7), labels = TinyNetworks.Labels(63, 10, 3);
        var progress = new RecordingProgress();
        new GaussNewtonEstimator().Estimate(model, HessianData.FromTensors(inputs, labels), new HessianOptions { Samples = 9, BatchSize = 4 }, progress);
        Assert.All(model.Initializers.Values, p => Assert.False(p.requires_grad));
        Assert.Null(model.NodeObserver);
        Assert.Equal([4 / 9.0, 8 / 9.0, 1.0], progress.Values);
    }

    static (OnnxGraphModule Model, long[] InputShape) Network(string name) => name switch
    {
        "mlp" => (TinyNetworks.Mlp(11), [4]),
        "shared-bias" => (TinyNetworks.SharedBias(15), [4]),
        "conv" => (TinyNetworks.Conv(13), [1, 7, 7]),
        "grouped" => (TinyNetworks.Conv(14, group: 2), [1, 7, 7]),
        _ => (TinyNetworks.Tied(12), [3]),
    };
}
