using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Hessian;
using Quantize.Torch.Onnx;

namespace Quantize.Torch.Tests.Onnx.Foreign;

/// <summary>Hessian estimation on a half-precision export, and the rule for weights the executor holds as constants.</summary>
public class ForeignModelHessianTests
{
    static readonly HessianData Calibration = HessianData.FromImages(new Torch.Data.ImageTensors(TestData.Train.Images.Take(32)));

    static IReadOnlyList<ParameterTensor> GaussNewton(ModelProto model)
    {
        using var module = new OnnxGraphModule(model);
        return new GaussNewtonEstimator().Estimate(module, Calibration, new HessianOptions { Samples = 32 });
    }

    [Fact]
    public void HalfPrecisionLenet_GetsAnEstimatePerInitializer_CloseToTheFloat32Ones()
    {
        ModelProto lenet = ForeignModels.Lenet();

        IReadOnlyList<ParameterTensor> full = GaussNewton(lenet), half = GaussNewton(ForeignModels.HalfPrecision(lenet));

        Assert.Equal(full.Select(t => t.Name), half.Select(t => t.Name));
        for (int t = 0; t < full.Count; t++)
        {
            double a = full[t].Values.Sum(v => (double)v), b = half[t].Values.Sum(v => (double)v);
            Assert.True(Math.Abs(a - b) <= 0.05 * a, $"'{full[t].Name}': float32 {a}, float16 {b}");
        }
    }

    [Fact]
    public void WeightInAConstantNode_GetsTheMeanOfTheEstimatedDiagonal()
    {
        ModelProto model = ForeignModels.Lenet();
        TensorProto moved = model.Graph.Initializer.Last(t => TensorData.IsFloat32(t) && t.Dims.Count == 2);
        model.Graph.Initializer.Remove(moved);
        model.Graph.Node.Insert(0, OnnxBuilder.Constant(moved.Name, moved));

        IReadOnlyList<ParameterTensor> estimate = GaussNewton(model);
        IReadOnlyList<ParameterTensor> complete = UnestimatedWeights.Complete(model, estimate);

        Assert.DoesNotContain(estimate, t => t.Name == moved.Name);
        Assert.Equal(ModelParameters.Extract(model).Select(p => p.Name).Order(), complete.Select(t => t.Name).Order());
        float mean = (float)(estimate.Sum(t => t.Values.Sum(v => (double)v)) / estimate.Sum(t => t.Values.Length));
        ParameterTensor filled = complete.Single(t => t.Name == moved.Name);
        Assert.Equal(moved.Dims, filled.Dims);
        Assert.All(filled.Values, v => Assert.Equal(mean, v));
        Assert.True(mean > 0);
    }
}
