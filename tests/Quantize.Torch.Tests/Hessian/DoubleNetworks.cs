using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Hessian;

/// <summary>The tiny networks of <see cref="TinyNetworks"/> written out in double precision, for finite differences.</summary>
static class DoubleNetworks
{
    /// <summary>h = relu(W1·x + b1), y = W2·h + b2 (Gemm with transB: weights are [out, in]).</summary>
    public static double[] Mlp(IReadOnlyDictionary<string, double[]> p, double[] x)
    {
        double[] h = Affine(p["w1"], p["b1"], x, 3).Select(v => Math.Max(v, 0)).ToArray();
        return Affine(p["w2"], p["b2"], h, 3);
    }

    /// <summary>y = relu(x·W)·W + b with W [3, 3] row-major and x a row vector.</summary>
    public static double[] Tied(IReadOnlyDictionary<string, double[]> p, double[] x)
    {
        double[] w = p["w"];
        double[] h = RowTimes(x, w).Select(v => Math.Max(v, 0)).ToArray();
        return RowTimes(h, w).Zip(p["b"], (u, b) => u + b).ToArray();
    }

    /// <summary>The model's float initializers as doubles, by name in graph order.</summary>
    public static Dictionary<string, double[]> Parameters(OnnxGraphModule model) =>
        model.Initializers.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.detach().to(ScalarType.Float64).reshape(-1).data<double>().ToArray());

    public static double[][] Rows(Tensor inputs)
    {
        double[] all = inputs.to(ScalarType.Float64).reshape(-1).data<double>().ToArray();
        int width = (int)(all.Length / inputs.shape[0]);
        return all.Chunk(width).ToArray();
    }

    static double[] Affine(double[] w, double[] b, double[] x, int outputs)
    {
        var y = new double[outputs];
        for (int o = 0; o < outputs; o++)
        {
            y[o] = b[o];
            for (int i = 0; i < x.Length; i++) y[o] += w[o * x.Length + i] * x[i];
        }
        return y;
    }

    static double[] RowTimes(double[] x, double[] w)
    {
        int columns = w.Length / x.Length;
        var y = new double[columns];
        for (int j = 0; j < columns; j++)
            for (int i = 0; i < x.Length; i++) y[j] += x[i] * w[i * columns + j];
        return y;
    }
}
