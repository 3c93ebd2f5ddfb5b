using Quantize.Format.Onnx;
using Quantize.Tests.Shared;
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using Quantize.Torch.Tests.Data;
using Quantize.Torch.Tests.Hessian;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Onnx.AnyOutput;

/// <summary>
/// Hessians without labels, for any output. The output-distortion loss ½‖f(x;w) − f(x;w₀)‖² has a zero residual
/// at w₀, so its exact Hessian there (double backprop, one product per parameter) is its Gauss–Newton matrix
/// (one backward pass per output entry): two independent computations that must agree on every entry.
/// </summary>
public class AnyOutputHessianTests
{
    public AnyOutputHessianTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void EncoderOutputDistortionExactHessianIsItsGaussNewton()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        var data = HessianData.FromModelData(AnyOutputData.Unlabelled(AnyOutputData.EncoderInputs(3, 10)));
        Assert.Equal(HessianLoss.SquaredError, HessianOptions.LossFor(module));
        var options = new HessianOptions { Samples = 0, BatchSize = 3, Loss = HessianLoss.SquaredError, Mode = GaussNewtonMode.Exact };
        IReadOnlyList<ParameterTensor> exact = new ExactHessianEstimator().Estimate(module, data, options);
        IReadOnlyList<ParameterTensor> gaussNewton = new GaussNewtonEstimator().Estimate(module, data, options);
        HessianAssert.ShapedLike(module, gaussNewton);
        double[] expected = HessianAssert.Flat(gaussNewton);
        HessianAssert.Close(expected, HessianAssert.Flat(exact), 1e-6 * expected.Max(), 1e-3);
        // Every weight the outputs read has curvature; the padding id 0 is read too (padded tails).
        Assert.All(gaussNewton, t => Assert.True(t.Values.Any(v => v > 0), $"'{t.Name}' has no curvature"));
    }

    // Without labels a classifier's loss is cross-entropy against its own prediction (KL to itself): zero gradient,
    // so again exact Hessian = Gauss–Newton = what the sampled-label estimator estimates.
    [Fact]
    public void ClassifierWithoutLabelsExactHessianIsItsGaussNewton()
    {
        using var module = new OnnxGraphModule(ForeignModels.Tokens());
        Assert.True(module.HasClassScores);
        manual_seed(11);
        var data = HessianData.FromModelData(new InMemoryData(new Dictionary<string, Tensor> { ["input_ids"] = randint(0, 100, [6, 16], dtype: ScalarType.Int64) }));
        var options = new HessianOptions { Samples = 0, BatchSize = 6, Loss = HessianLoss.CrossEntropy, Mode = GaussNewtonMode.Exact };
        double[] expected = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(module, data, options));
        double[] exact = HessianAssert.Flat(new ExactHessianEstimator().Estimate(module, data, options));
        HessianAssert.Close(expected, exact, 1e-6 * expected.Max(), 1e-3);
    }

    // Rademacher projections of the output (E[(vᵀJ)²] = Σ_k J_k²) approach the exact squared Jacobian as draws grow.
    [Fact]
    public void SampledOutputDistortionApproachesExact()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        var data = HessianData.FromModelData(AnyOutputData.Unlabelled(AnyOutputData.EncoderInputs(8, 12)));
        var exactOptions = new HessianOptions { Samples = 0, BatchSize = 8, Loss = HessianLoss.SquaredError, Mode = GaussNewtonMode.Exact };
        double[] exact = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(module, data, exactOptions));
        double Error(int draws) => HessianAssert.RelativeError(
            HessianAssert.Flat(new GaussNewtonEstimator().Estimate(module, data, exactOptions with { Mode = GaussNewtonMode.Sampled, Draws = draws })), exact);
        double few = Error(2), many = Error(64);
        Assert.True(many < few, $"64 draws: {many:F3}, 2 draws: {few:F3}");
        Assert.True(many < 0.2, $"64 draws are {many:F3} off the exact diagonal");
    }

    // The Conv closed forms watch the nodes behind every primary output; the slow per-sample loop is the reference.
    [Fact]
    public void DetectorClosedFormsMatchThePerSampleLoop()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Detector());
        Assert.False(module.HasClassScores);
        var data = HessianData.FromModelData(AnyOutputData.Unlabelled(AnyOutputData.DetectorInputs(4, 13)));
        var options = new HessianOptions { Samples = 0, BatchSize = 4, Loss = HessianLoss.SquaredError, Draws = 2 };
        double[] fast = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(module, data, options));
        double[] slow = HessianAssert.Flat(new GaussNewtonEstimator { UseFastPaths = false }.Estimate(module, data, options));
        HessianAssert.Close(slow, fast, 1e-6 * slow.Max(), 1e-3);
        Assert.True(fast.All(v => v >= 0 && double.IsFinite(v)));
    }

    // LSTM and GRU weights and the head inside the If branch that runs get curvature; the other branch's head none.
    [Fact]
    public void AudioHessianReachesRecurrentWeightsAndTheBranchThatRuns()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Audio());
        var data = HessianData.FromModelData(AnyOutputData.Unlabelled(AnyOutputData.AudioInputs(4, 16)));
        var options = new HessianOptions { Samples = 0, BatchSize = 4, Loss = HessianOptions.LossFor(module), Mode = GaussNewtonMode.Exact };
        var result = new GaussNewtonEstimator().Estimate(module, data, options).ToDictionary(t => t.Name);
        foreach (string name in new[] { "lstm.W", "lstm.R", "lstm.B", "gru.W", "gru.R", "gru.B", "long.weight", "long.bias" })
            Assert.True(result[name].Values.Any(v => v > 0), $"'{name}' has no curvature");
        Assert.All(result["short.weight"].Values, v => Assert.Equal(0f, v));
        double[] exact = HessianAssert.Flat(new ExactHessianEstimator().Estimate(module, data, options));
        double[] expected = HessianAssert.Flat(result.Values.ToList());
        HessianAssert.Close(expected, exact, 1e-6 * expected.Max(), 1e-3);
    }

    [Fact]
    public void ClassScoreLossOnStatesIsRefused()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Encoder());
        var data = HessianData.FromModelData(AnyOutputData.Unlabelled(AnyOutputData.EncoderInputs(2, 14)));
        var error = Assert.Throws<ArgumentException>(() => new GaussNewtonEstimator().Estimate(module, data, new HessianOptions { Samples = 0 }));
        Assert.Contains("squared-error", error.Message);
    }

    [Fact]
    public void HutchinsonRunsWithoutLabels()
    {
        using var module = new OnnxGraphModule(AnyOutputModels.Detector());
        var data = HessianData.FromModelData(AnyOutputData.Unlabelled(AnyOutputData.DetectorInputs(2, 15)));
        IReadOnlyList<ParameterTensor> result = new HutchinsonEstimator().Estimate(module, data,
            new HessianOptions { Samples = 0, Probes = 2, Loss = HessianLoss.SquaredError });
        HessianAssert.ShapedLike(module, result);
        Assert.Contains(HessianAssert.Flat(result), v => v > 0);
    }
}
