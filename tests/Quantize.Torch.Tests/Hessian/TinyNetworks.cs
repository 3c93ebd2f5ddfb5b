using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Hessian;

/// <summary>Small graphs with seeded parameters (tens of them), so references can afford one backward pass per output per sample.</summary>
static class TinyNetworks
{
    /// <summary>x[4] → Gemm 4→3 (transB) → Relu → Gemm 3→3 (transB): every parameter on the Gemm closed form.</summary>
    public static OnnxGraphModule Mlp(int seed)
    {
        var random = new Random(seed);
        var builder = new OnnxGraphBuilder("mlp");
        builder.Input("x", "batch", 4);
        builder.Initializer("w1", [3, 4], Values(random, 12));
        builder.Initializer("b1", [3], Values(random, 3));
        builder.Initializer("w2", [3, 3], Values(random, 9));
        builder.Initializer("b2", [3], Values(random, 3));
        builder.Node("Gemm", ["x", "w1", "b1"], "h", OnnxGraphBuilder.Int("transB", 1));
        builder.Node("Relu", ["h"], "r");
        builder.Node("Gemm", ["r", "w2", "b2"], "y", OnnxGraphBuilder.Int("transB", 1));
        builder.Output("y", "batch", 3);
        return new OnnxGraphModule(builder.ToModel("test"));
    }

    /// <summary>
    /// x[3] → MatMul W → Relu → MatMul W (the same W) → Add b: y = relu(x·W)·W + b. The tied W makes the
    /// network's own second derivative nonzero on W's diagonal, so here the Hessian differs from the
    /// Gauss–Newton matrix; MatMul/Add and the tie keep every parameter off the closed forms.
    /// </summary>
    public static OnnxGraphModule Tied(int seed)
    {
        var random = new Random(seed);
        var builder = new OnnxGraphBuilder("tied");
        builder.Input("x", "batch", 3);
        builder.Initializer("w", [3, 3], Values(random, 9));
        builder.Initializer("b", [3], Values(random, 3));
        builder.Node("MatMul", ["x", "w"], "h");
        builder.Node("Relu", ["h"], "r");
        builder.Node("MatMul", ["r", "w"], "u");
        builder.Node("Add", ["u", "b"], "y");
        builder.Output("y", "batch", 3);
        return new OnnxGraphModule(builder.ToModel("test"));
    }

    /// <summary>
    /// x[1×7×7] → Conv 1→2 3×3 (pads 1, stride 2) → Relu → Conv 2→4 2×2 (dilation 2, <paramref name="group"/>)
    /// → Flatten → Gemm 16→3 (transB 0, alpha 0.5, beta 2).
    /// </summary>
    public static OnnxGraphModule Conv(int seed, int group = 1)
    {
        var random = new Random(seed);
        var builder = new OnnxGraphBuilder("conv");
        builder.Input("x", "batch", 1, 7, 7);
        builder.Initializer("c1.w", [2, 1, 3, 3], Values(random, 18));
        builder.Initializer("c1.b", [2], Values(random, 2));
        builder.Initializer("c2.w", [4, 2 / group, 2, 2], Values(random, 4 * (2 / group) * 4));
        builder.Initializer("c2.b", [4], Values(random, 4));
        builder.Initializer("fc.w", [16, 3], Values(random, 48));
        builder.Initializer("fc.b", [3], Values(random, 3));
        builder.Node("Conv", ["x", "c1.w", "c1.b"], "c1", OnnxGraphBuilder.Ints("pads", 1, 1, 1, 1), OnnxGraphBuilder.Ints("strides", 2, 2));
        builder.Node("Relu", ["c1"], "r1");
        builder.Node("Conv", ["r1", "c2.w", "c2.b"], "c2", OnnxGraphBuilder.Ints("dilations", 2, 2), OnnxGraphBuilder.Int("group", group));
        builder.Node("Flatten", ["c2"], "f", OnnxGraphBuilder.Int("axis", 1));
        builder.Node("Gemm", ["f", "fc.w", "fc.b"], "y", Float("alpha", 0.5f), Float("beta", 2f));
        builder.Output("y", "batch", 3);
        return new OnnxGraphModule(builder.ToModel("test"));
    }

    /// <summary>x[4] → Gemm 4→3 (transB): a linear model, for which the Gauss–Newton matrix of squared error is the Hessian.</summary>
    public static OnnxGraphModule Linear(int seed)
    {
        var random = new Random(seed);
        var builder = new OnnxGraphBuilder("linear");
        builder.Input("x", "batch", 4);
        builder.Initializer("w", [3, 4], Values(random, 12));
        builder.Initializer("b", [3], Values(random, 3));
        builder.Node("Gemm", ["x", "w", "b"], "y", OnnxGraphBuilder.Int("transB", 1));
        builder.Output("y", "batch", 3);
        return new OnnxGraphModule(builder.ToModel("test"));
    }

    /// <summary>x[4] → Gemm 4→3 (transB) with one bias value broadcast to all outputs → Relu → Gemm 3→3 (transB, no bias).</summary>
    public static OnnxGraphModule SharedBias(int seed)
    {
        var random = new Random(seed);
        var builder = new OnnxGraphBuilder("shared-bias");
        builder.Input("x", "batch", 4);
        builder.Initializer("w1", [3, 4], Values(random, 12));
        builder.Initializer("c", [1], Values(random, 1));
        builder.Initializer("w2", [3, 3], Values(random, 9));
        builder.Node("Gemm", ["x", "w1", "c"], "h", OnnxGraphBuilder.Int("transB", 1));
        builder.Node("Relu", ["h"], "r");
        builder.Node("Gemm", ["r", "w2"], "y", OnnxGraphBuilder.Int("transB", 1));
        builder.Output("y", "batch", 3);
        return new OnnxGraphModule(builder.ToModel("test"));
    }

    /// <summary>Seeded inputs in [-1, 1] of the given per-sample shape.</summary>
    public static Tensor Inputs(int seed, int count, params long[] shape)
    {
        var random = new Random(seed);
        long[] dims = [count, .. shape];
        float[] values = Values(random, (int)dims.Aggregate(1L, (a, b) => a * b));
        return tensor(values, dims);
    }

    /// <summary>Seeded class labels in [0, classes).</summary>
    public static Tensor Labels(int seed, int count, int classes)
    {
        var random = new Random(seed);
        return tensor(Enumerable.Range(0, count).Select(_ => (long)random.Next(classes)).ToArray());
    }

    static float[] Values(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };
}
