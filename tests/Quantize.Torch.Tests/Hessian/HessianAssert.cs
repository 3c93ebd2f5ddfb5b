using Quantize.Format.Onnx;
using Quantize.Torch.Onnx;

namespace Quantize.Torch.Tests.Hessian;

/// <summary>Comparisons of Hessian diagonals as flat vectors in graph order.</summary>
static class HessianAssert
{
    public static double[] Flat(IReadOnlyList<ParameterTensor> tensors) => tensors.SelectMany(t => t.Values.Select(v => (double)v)).ToArray();

    /// <summary>‖actual − expected‖₂ / ‖expected‖₂.</summary>
    public static double RelativeError(double[] actual, double[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = Math.Sqrt(actual.Zip(expected, (a, e) => (a - e) * (a - e)).Sum());
        return difference / Math.Sqrt(expected.Sum(e => e * e));
    }

    /// <summary>Every entry within absolute + relative·|expected|.</summary>
    public static void Close(double[] expected, double[] actual, double absolute, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= absolute + relative * Math.Abs(expected[i]),
                $"entry {i}: expected {expected[i]:G9}, got {actual[i]:G9}");
    }

    /// <summary>Named and shaped like the model's float initializers, in graph order.</summary>
    public static void ShapedLike(OnnxGraphModule model, IReadOnlyList<ParameterTensor> tensors)
    {
        Assert.Equal(model.Initializers.Keys, tensors.Select(t => t.Name));
        Assert.Equal(model.Initializers.Values.Select(p => p.shape), tensors.Select(t => t.Dims));
        Assert.All(tensors, t => Assert.Equal(t.Dims.Aggregate(1L, (a, b) => a * b), t.ElementCount));
    }
}
