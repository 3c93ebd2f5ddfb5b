using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Hessian;

public class HessianEstimatorsTests
{
    public HessianEstimatorsTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("gauss-newton", typeof(GaussNewtonEstimator))]
    [InlineData(" Hutchinson ", typeof(HutchinsonEstimator))]
    [InlineData("EXACT", typeof(ExactHessianEstimator))]
    public void CreatesEstimatorsByName(string name, Type type)
    {
        IHessianEstimator estimator = HessianEstimators.Create(name);
        Assert.IsType(type, estimator);
        Assert.Equal(name.Trim().ToLowerInvariant(), estimator.Name);
        Assert.Contains(estimator.Name, HessianEstimators.Names);
    }

    [Theory]
    [InlineData("fisher")]
    [InlineData("")]
    public void RejectsUnknownNamesListingTheChoices(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => HessianEstimators.Create(name));
        Assert.Contains("gauss-newton, hutchinson, exact", error.Message);
        if (name.Length > 0) Assert.Contains($"'{name}'", error.Message);
    }

    [Fact]
    public void OptionsRejectValuesThatCannotWork()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HessianOptions { Samples = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HessianOptions { BatchSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HessianOptions { Probes = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HessianOptions { Draws = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new HessianOptions { ExactParameterLimit = 0 });
        var defaults = new HessianOptions();
        Assert.Equal((1000, 250, GaussNewtonMode.Sampled, HessianLoss.CrossEntropy), (defaults.Samples, defaults.BatchSize, defaults.Mode, defaults.Loss));
    }

    [Fact]
    public void RefusesMoreSamplesThanTheDataHoldsAndMismatchedTargets()
    {
        using OnnxGraphModule model = TinyNetworks.Mlp(11);
        using Tensor inputs = TinyNetworks.Inputs(1, 5, 4), labels = TinyNetworks.Labels(2, 5, 3), floats = TinyNetworks.Inputs(3, 5, 3);
        var error = Assert.Throws<ArgumentException>(() =>
            new GaussNewtonEstimator().Estimate(model, HessianData.FromTensors(inputs, labels), new HessianOptions { Samples = 6 }));
        Assert.Contains("6 samples", error.Message);
        Assert.Contains("only 5", error.Message);
        Assert.Throws<ArgumentException>(() => HessianData.FromTensors(inputs, labels.narrow(0, 0, 4)));
        var wrongTargets = Assert.Throws<ArgumentException>(() =>
            new ExactHessianEstimator().Estimate(model, HessianData.FromTensors(inputs, floats), new HessianOptions { Samples = 0 }));
        Assert.Contains("int64 class labels", wrongTargets.Message);
        Assert.All(model.Initializers.Values, p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void ProfilerTimesEveryEstimatorAgainstAGradientPass()
    {
        using OnnxGraphModule model = TinyNetworks.Conv(81);
        using Tensor inputs = TinyNetworks.Inputs(82, 8, 1, 7, 7), labels = TinyNetworks.Labels(83, 8, 3);
        HessianProfile profile = HessianProfiler.Profile(model, HessianData.FromTensors(inputs, labels), new HessianOptions { Samples = 0, BatchSize = 4, Probes = 2 });
        Assert.Equal(HessianEstimators.Names, profile.Estimators.Select(t => t.Estimator));
        Assert.True(profile.GradientSeconds > 0);
        Assert.All(profile.Estimators, t => Assert.Equal(t.Seconds / profile.GradientSeconds, t.RatioToGradient, 9));
        Assert.StartsWith("gradient pass ", profile.Summary);
        Assert.Contains("hutchinson (2 probes)", profile.Summary);
    }
}
