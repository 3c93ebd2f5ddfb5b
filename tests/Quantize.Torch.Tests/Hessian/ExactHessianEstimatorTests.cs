using Quantize.Format.Onnx;
using Quantize.Torch.Hessian;
using Quantize.Torch.Models;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Hessian;

public class ExactHessianEstimatorTests
{
    // The estimator runs in float32, the finite differences in double; entries here reach 0.5. Measured
    // agreement is 6e-8 at worst, so 1e-6 + 1e-5·|h| leaves a margin yet catches any real error.
    const double Absolute = 1e-6, Relative = 1e-5;

    public ExactHessianEstimatorTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData("mlp")]
    [InlineData("tied")]
    public void EqualsCentralFiniteDifferencesOfTheAverageLoss(string network)
    {
        (OnnxGraphModule model, FiniteDifferenceHessian.Network reference, int width) = Network(network);
        using (model)
        {
            using Tensor inputs = TinyNetworks.Inputs(21, 6, width), labels = TinyNetworks.Labels(22, 6, 3);
            Dictionary<string, double[]> parameters = DoubleNetworks.Parameters(model);
            double[][] rows = DoubleNetworks.Rows(inputs);
            AssertReferenceMatchesGraph(model, reference, parameters, inputs, rows);

            // Batches of 4 over 6 samples: the average must weigh the short last batch correctly.
            IReadOnlyList<ParameterTensor> exact = new ExactHessianEstimator().Estimate(
                model, HessianData.FromTensors(inputs, labels), new HessianOptions { Samples = 0, BatchSize = 4 });

            HessianAssert.ShapedLike(model, exact);
            int[] labelArray = labels.data<long>().ToArray().Select(l => (int)l).ToArray();
            double[] expected = FiniteDifferenceHessian.Diagonal(reference, parameters, rows, labelArray);
            HessianAssert.Close(expected, HessianAssert.Flat(exact), Absolute, Relative);
        }
    }

    [Fact]
    public void DiffersFromGaussNewtonOnlyWhereTheNetworkItselfIsCurved()
    {
        // So the finite-difference test above tells the true Hessian from the Gauss–Newton matrix: on the
        // tied network they differ by far more than its tolerance, on the ReLU MLP they coincide.
        var options = new HessianOptions { Samples = 0, Mode = GaussNewtonMode.Exact };
        using (OnnxGraphModule tied = TinyNetworks.Tied(12))
        using (Tensor inputs = TinyNetworks.Inputs(21, 6, 3), labels = TinyNetworks.Labels(22, 6, 3))
        {
            var data = HessianData.FromTensors(inputs, labels);
            double[] exact = HessianAssert.Flat(new ExactHessianEstimator().Estimate(tied, data, options));
            double[] gaussNewton = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(tied, data, options));
            Assert.True(exact.Zip(gaussNewton, (e, g) => Math.Abs(e - g)).Max() > 1e-2, "the tied network should have curvature of its own");
        }
        using (OnnxGraphModule mlp = TinyNetworks.Mlp(11))
        using (Tensor inputs = TinyNetworks.Inputs(21, 6, 4), labels = TinyNetworks.Labels(22, 6, 3))
        {
            var data = HessianData.FromTensors(inputs, labels);
            double[] exact = HessianAssert.Flat(new ExactHessianEstimator().Estimate(mlp, data, options));
            double[] gaussNewton = HessianAssert.Flat(new GaussNewtonEstimator().Estimate(mlp, data, options));
            HessianAssert.Close(exact, gaussNewton, Absolute, Relative);
        }
    }

    [Fact]
    public void RefusesModelsAboveTheParameterLimitNamingTheAlternative()
    {
        manual_seed(5);
        using var lenet = new LeNet5();
        using var model = new OnnxGraphModule(LeNet5Onnx.Export(lenet, "test"));
        using Tensor inputs = zeros(2, 1, 28, 28), labels = zeros(2, dtype: ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() =>
            new ExactHessianEstimator().Estimate(model, HessianData.FromTensors(inputs, labels), new HessianOptions { Samples = 0 }));
        Assert.Contains("431,080", error.Message);
        Assert.Contains("20,000", error.Message);
        Assert.Contains("gauss-newton", error.Message);

        using OnnxGraphModule mlp = TinyNetworks.Mlp(11);
        using Tensor x = TinyNetworks.Inputs(1, 2, 4), y = TinyNetworks.Labels(2, 2, 3);
        Assert.Throws<ArgumentException>(() =>
            new ExactHessianEstimator().Estimate(mlp, HessianData.FromTensors(x, y), new HessianOptions { Samples = 0, ExactParameterLimit = 26 }));
    }

    static (OnnxGraphModule Model, FiniteDifferenceHessian.Network Reference, int Width) Network(string name) => name switch
    {
        "mlp" => (TinyNetworks.Mlp(11), DoubleNetworks.Mlp, 4),
        _ => (TinyNetworks.Tied(12), DoubleNetworks.Tied, 3),
    };

    // Guards the reference itself: the hand-written double network computes what the graph computes.
    static void AssertReferenceMatchesGraph(OnnxGraphModule model, FiniteDifferenceHessian.Network reference,
        Dictionary<string, double[]> parameters, Tensor inputs, double[][] rows)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        float[] graph = model.forward(inputs).reshape(-1).data<float>().ToArray();
        double[] expected = rows.SelectMany(row => reference(parameters, row)).ToArray();
        HessianAssert.Close(expected, graph.Select(v => (double)v).ToArray(), 1e-5, 1e-5);
    }
}
