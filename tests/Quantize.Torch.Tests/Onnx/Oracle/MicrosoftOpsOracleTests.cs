using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx.Ops;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>The com.microsoft contrib ops of ORT-optimized transformer exports, against ONNX Runtime's own CPU kernels.</summary>
public class MicrosoftOpsOracleTests
{
    public MicrosoftOpsOracleTests() => TorchRuntime.EnsureLoaded();

    static readonly long[] Shape = [2, 3, 8];

    static ModelProto Contrib(ModelProto model, string op) => Graphs.InDomain(model, MicrosoftOps.Domain, 1, op);

    [Fact]
    public void GeluMatchesOrt() => Graphs.AssertOpMatches(Contrib(Graphs.SingleOp(13, "Gelu", Shape), "Gelu"), 110, Shape);

    [Fact]
    public void QuickGeluMatchesOrt() =>
        Graphs.AssertOpMatches(Contrib(Graphs.SingleOp(13, "QuickGelu", Shape, Float("alpha", 1.5f)), "QuickGelu"), 111, Shape);

    [Fact]
    public void BiasGeluMatchesOrt()
    {
        ModelProto model = Graphs.SingleOp(13, "BiasGelu", Shape, ["bias"], b => b.Initializer("bias", [8], Graphs.RandomValues(112, 8)));
        Graphs.AssertOpMatches(Contrib(model, "BiasGelu"), 113, Shape);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FastGeluMatchesOrt(bool bias)
    {
        ModelProto model = Graphs.SingleOp(13, "FastGelu", Shape, bias ? ["bias"] : [], b =>
        {
            if (bias) b.Initializer("bias", [8], Graphs.RandomValues(114, 8));
        });
        Graphs.AssertOpMatches(Contrib(model, "FastGelu"), 115, Shape);
    }

    // The optional beta and bias, and the optional fourth output (input + skip + bias) next to the first.
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, true, true)]
    public void SkipLayerNormalizationMatchesOrt(bool beta, bool bias, bool sumOutput)
    {
        string[] inputs = ["skip", "gamma", beta || bias ? (beta ? "beta" : "") : "", bias ? "bias" : ""];
        DataType?[] outputs = sumOutput ? [DataType.Float, null, null, DataType.Float] : [DataType.Float];
        ModelProto model = Graphs.SingleOp(13, "SkipLayerNormalization", Shape, inputs.Reverse().SkipWhile(i => i.Length == 0).Reverse().ToArray(), b =>
            {
                b.Initializer("skip", Shape, Graphs.RandomValues(116, Shape));
                b.Initializer("gamma", [8], Graphs.RandomValues(117, 8));
                if (beta) b.Initializer("beta", [8], Graphs.RandomValues(118, 8));
                if (bias) b.Initializer("bias", [8], Graphs.RandomValues(119, 8));
            },
            outputs, Float("epsilon", 1e-5f));
        Graphs.AssertOpMatches(Contrib(model, "SkipLayerNormalization"), 120, Shape);
    }

    [Theory]
    [InlineData(0, 0, 1f)]
    [InlineData(1, 0, 0.125f)]
    [InlineData(0, 1, 2f)]
    [InlineData(1, 1, 1f)]
    public void FusedMatMulMatchesOrt(long transA, long transB, float alpha)
    {
        long[] a = transA == 0 ? [2, 3, 8] : [2, 8, 3], b = transB == 0 ? [8, 5] : [5, 8];
        ModelProto model = Graphs.SingleOp(13, "FusedMatMul", a, ["b"], g => g.Initializer("b", b, Graphs.RandomValues(121, b)),
            Int("transA", transA), Int("transB", transB), Float("alpha", alpha));
        Graphs.AssertOpMatches(Contrib(model, "FusedMatMul"), 122, a);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SkipSimplifiedLayerNormalizationMatchesOrt(bool bias)
    {
        ModelProto model = Graphs.SingleOp(13, "SkipSimplifiedLayerNormalization", Shape, bias ? ["skip", "gamma", "bias"] : ["skip", "gamma"], b =>
            {
                b.Initializer("skip", Shape, Graphs.RandomValues(123, Shape));
                b.Initializer("gamma", [8], Graphs.RandomValues(124, 8));
                if (bias) b.Initializer("bias", [8], Graphs.RandomValues(125, 8));
            },
            Float("epsilon", 1e-5f));
        Graphs.AssertOpMatches(Contrib(model, "SkipSimplifiedLayerNormalization"), 126, Shape);
    }

    // ONNX Runtime's saved optimized CNNs: Conv with its activation (and a residual input Z) fused in.
    [Theory]
    [InlineData("Relu", new float[] { }, false)]
    [InlineData("LeakyRelu", new[] { 0.2f }, true)]
    [InlineData("Clip", new[] { -0.5f, 0.6f }, false)]
    [InlineData("HardSigmoid", new[] { 0.3f, 0.4f }, true)]
    [InlineData("Sigmoid", new float[] { }, false)]
    [InlineData("Tanh", new float[] { }, true)]
    public void FusedConvMatchesOrt(string activation, float[] parameters, bool residual)
    {
        long[] shape = [2, 3, 6, 7];
        AttributeProto[] attributes = [String("activation", activation), Ints("pads", 1, 1, 1, 1), Ints("kernel_shape", 3, 3)];
        if (parameters.Length > 0) attributes = [.. attributes, Floats("activation_params", parameters)];
        ModelProto model = Graphs.SingleOp(13, "FusedConv", shape, residual ? ["w", "b", "z"] : ["w", "b"], b =>
        {
            b.Initializer("w", [4, 3, 3, 3], Graphs.RandomValues(127, 4, 3, 3, 3));
            b.Initializer("b", [4], Graphs.RandomValues(128, 4));
            if (residual) b.Initializer("z", [2, 4, 6, 7], Graphs.RandomValues(129, 2, 4, 6, 7));
        }, attributes);
        Graphs.AssertOpMatches(Contrib(model, "FusedConv"), 130, shape);
    }

    [Theory]
    [InlineData("Relu", null)]
    [InlineData("LeakyRelu", 0.3f)]
    public void FusedGemmMatchesOrt(string activation, float? alpha)
    {
        AttributeProto[] attributes = [String("activation", activation), Int("transB", 1), Float("alpha", 0.7f)];
        if (alpha is float a) attributes = [.. attributes, Float("activation_alpha", a)];
        ModelProto model = Graphs.SingleOp(13, "FusedGemm", [3, 8], ["w", "b"], b =>
        {
            b.Initializer("w", [5, 8], Graphs.RandomValues(131, 5, 8));
            b.Initializer("b", [5], Graphs.RandomValues(132, 5));
        }, attributes);
        Graphs.AssertOpMatches(Contrib(model, "FusedGemm"), 133, [3, 8]);
    }
}
