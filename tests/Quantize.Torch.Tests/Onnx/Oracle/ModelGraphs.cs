using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>Small whole networks, written node by node as exporters write them, with seeded weights.</summary>
static class ModelGraphs
{
    public static readonly long[] CnnInput = [2, 3, 8, 8];

    /// <summary>Conv-BN-Relu, Conv-BN, a residual Add, Relu, GlobalAveragePool, Flatten, Gemm: a one-block ResNet.</summary>
    public static ModelProto ResidualCnn(long opset)
    {
        var b = new OnnxGraphBuilder("residual-cnn", opset);
        b.Input("x", "batch", 3, 8, 8);
        long seed = 100;
        void Weights(string name, params long[] shape) => b.Initializer(name, shape, Graphs.RandomValues(seed++, shape));
        void BatchNorm(string prefix, long channels)
        {
            Weights(prefix + ".scale", channels);
            Weights(prefix + ".bias", channels);
            Weights(prefix + ".mean", channels);
            b.Initializer(prefix + ".var", [channels], Graphs.RandomValues(seed++, channels).Select(v => 0.5f + v * v).ToArray());
        }
        Weights("conv1.w", 8, 3, 3, 3);
        Weights("conv1.b", 8);
        BatchNorm("bn1", 8);
        Weights("conv2.w", 8, 8, 3, 3);
        BatchNorm("bn2", 8);
        Weights("fc.w", 4, 8);
        Weights("fc.b", 4);
        b.Node("Conv", ["x", "conv1.w", "conv1.b"], "c1", Ints("pads", 1, 1, 1, 1), Ints("kernel_shape", 3, 3));
        b.Node("BatchNormalization", ["c1", "bn1.scale", "bn1.bias", "bn1.mean", "bn1.var"], "n1");
        b.Node("Relu", ["n1"], "r1");
        b.Node("Conv", ["r1", "conv2.w"], "c2", String("auto_pad", "SAME_UPPER"));
        b.Node("BatchNormalization", ["c2", "bn2.scale", "bn2.bias", "bn2.mean", "bn2.var"], "n2", Float("epsilon", 1e-3f));
        b.Node("Add", ["n2", "r1"], "sum");
        b.Node("Relu", ["sum"], "r2");
        b.Node("GlobalAveragePool", ["r2"], "pooled");
        b.Node("Flatten", ["pooled"], "flat");
        b.Node("Gemm", ["flat", "fc.w", "fc.b"], "logits", Int("transB", 1));
        b.Output("logits", DataType.Float);
        return b.ToModel("test");
    }

    public static readonly long[] EncoderInput = [2, 5, 8];
    const long Model = 8, Heads = 2, HeadSize = 4, Hidden = 16;

    /// <summary>
    /// A post-norm transformer-encoder block: fused QKV projection split in three, two-head attention
    /// (Reshape, Transpose, MatMul, scaled Softmax), output projection, residual, LayerNorm, GELU
    /// feed-forward, residual, LayerNorm. Before opset 17 LayerNorm is decomposed (ReduceMean, Sub,
    /// Pow, Sqrt, Div) and GELU is written with Erf; from opset 20 the Gelu op is used.
    /// </summary>
    public static ModelProto EncoderBlock(long opset)
    {
        var b = new OnnxGraphBuilder("encoder-block", opset);
        b.Input("x", "batch", 5, Model);
        long seed = 200;
        void Weights(string name, float scale, params long[] shape) =>
            b.Initializer(name, shape, Graphs.RandomValues(seed++, shape).Select(v => v * scale).ToArray());
        Weights("qkv.w", 0.3f, Model, 3 * Model);
        Weights("qkv.b", 0.1f, 3 * Model);
        Weights("out.w", 0.3f, Model, Model);
        Weights("out.b", 0.1f, Model);
        Weights("ff1.w", 0.3f, Model, Hidden);
        Weights("ff1.b", 0.1f, Hidden);
        Weights("ff2.w", 0.3f, Hidden, Model);
        Weights("ff2.b", 0.1f, Model);
        foreach (string norm in new[] { "ln1", "ln2" })
        {
            b.Initializer(norm + ".scale", [Model], Graphs.RandomValues(seed++, Model).Select(v => 1 + 0.1f * v).ToArray());
            Weights(norm + ".bias", 0.1f, Model);
        }
        b.Int64Initializer("heads_shape", [4], 0, 0, Heads, HeadSize);
        b.Int64Initializer("model_shape", [3], 0, 0, Model);
        b.Initializer("inv_sqrt_d", [], [1f / MathF.Sqrt(HeadSize)]);

        b.Node("MatMul", ["x", "qkv.w"], "qkv_mm");
        b.Node("Add", ["qkv_mm", "qkv.b"], "qkv");
        if (opset >= 18) b.Node("Split", ["qkv"], ["q", "k", "v"], Int("axis", -1), Int("num_outputs", 3));
        else
        {
            b.Int64Initializer("qkv_sizes", [3], Model, Model, Model);
            b.Node("Split", ["qkv", "qkv_sizes"], ["q", "k", "v"], Int("axis", -1));
        }
        foreach (string t in new[] { "q", "k", "v" }) b.Node("Reshape", [t, "heads_shape"], t + "_heads");
        b.Node("Transpose", ["q_heads"], "q_t", Ints("perm", 0, 2, 1, 3));
        b.Node("Transpose", ["k_heads"], "k_t", Ints("perm", 0, 2, 3, 1));
        b.Node("Transpose", ["v_heads"], "v_t", Ints("perm", 0, 2, 1, 3));
        b.Node("MatMul", ["q_t", "k_t"], "scores_raw");
        b.Node("Mul", ["scores_raw", "inv_sqrt_d"], "scores");
        b.Node("Softmax", ["scores"], "attention", Int("axis", -1));
        b.Node("MatMul", ["attention", "v_t"], "context_heads");
        b.Node("Transpose", ["context_heads"], "context_t", Ints("perm", 0, 2, 1, 3));
        b.Node("Reshape", ["context_t", "model_shape"], "context");
        b.Node("MatMul", ["context", "out.w"], "proj_mm");
        b.Node("Add", ["proj_mm", "out.b"], "proj");
        b.Node("Add", ["x", "proj"], "res1");
        LayerNorm(b, opset, "res1", "ln1", "h1");
        b.Node("MatMul", ["h1", "ff1.w"], "ff1_mm");
        b.Node("Add", ["ff1_mm", "ff1.b"], "ff1");
        Gelu(b, opset, "ff1", "act");
        b.Node("MatMul", ["act", "ff2.w"], "ff2_mm");
        b.Node("Add", ["ff2_mm", "ff2.b"], "ff2");
        b.Node("Add", ["h1", "ff2"], "res2");
        LayerNorm(b, opset, "res2", "ln2", "y");
        b.Output("y", DataType.Float);
        return b.ToModel("test");
    }

    static void LayerNorm(OnnxGraphBuilder b, long opset, string input, string prefix, string output)
    {
        if (opset >= 17)
        {
            b.Node("LayerNormalization", [input, prefix + ".scale", prefix + ".bias"], output, Int("axis", -1), Float("epsilon", 1e-5f));
            return;
        }
        // The decomposition exporters emitted before opset 17; ReduceMean's axes became an input at 18.
        string p = prefix + "/";
        b.Initializer(p + "two", [], [2f]);
        b.Initializer(p + "eps", [], [1e-5f]);
        b.Node("ReduceMean", [input], p + "mean", Ints("axes", -1));
        b.Node("Sub", [input, p + "mean"], p + "centered");
        b.Node("Pow", [p + "centered", p + "two"], p + "squared");
        b.Node("ReduceMean", [p + "squared"], p + "var", Ints("axes", -1));
        b.Node("Add", [p + "var", p + "eps"], p + "var_eps");
        b.Node("Sqrt", [p + "var_eps"], p + "std");
        b.Node("Div", [p + "centered", p + "std"], p + "normalized");
        b.Node("Mul", [p + "normalized", prefix + ".scale"], p + "scaled");
        b.Node("Add", [p + "scaled", prefix + ".bias"], output);
    }

    static void Gelu(OnnxGraphBuilder b, long opset, string input, string output)
    {
        if (opset >= 20)
        {
            b.Node("Gelu", [input], output);
            return;
        }
        // 0.5 · x · (1 + erf(x / √2)).
        b.Initializer("gelu/sqrt2", [], [MathF.Sqrt(2f)]);
        b.Initializer("gelu/one", [], [1f]);
        b.Initializer("gelu/half", [], [0.5f]);
        b.Node("Div", [input, "gelu/sqrt2"], "gelu/scaled");
        b.Node("Erf", ["gelu/scaled"], "gelu/erf");
        b.Node("Add", ["gelu/erf", "gelu/one"], "gelu/shifted");
        b.Node("Mul", [input, "gelu/shifted"], "gelu/product");
        b.Node("Mul", ["gelu/product", "gelu/half"], output);
    }
}
