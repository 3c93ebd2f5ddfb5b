using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;

namespace Quantize.Torch.Tests.Onnx.Oracle;

public class NormalizationOracleTests
{
    public NormalizationOracleTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(11, 1e-5f)]
    [InlineData(15, 1e-3f)]
    public void BatchNormalizationMatchesOrt(long opset, float epsilon)
    {
        ModelProto model = Graphs.SingleOp(opset, "BatchNormalization", [2, 3, 5, 4], ["scale", "bias", "mean", "var"], b =>
            {
                b.Initializer("scale", [3], Graphs.RandomValues(40, 3));
                b.Initializer("bias", [3], Graphs.RandomValues(41, 3));
                b.Initializer("mean", [3], Graphs.RandomValues(42, 3));
                b.Initializer("var", [3], [0.5f, 1.5f, 2f]);
            },
            Float("epsilon", epsilon));
        Graphs.AssertOpMatches(model, 43, [2, 3, 5, 4]);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void LayerNormalizationMatchesOrt(long axis, bool bias)
    {
        long[] shape = [2, 3, 6];
        long[] normalized = shape[(int)(axis < 0 ? axis + 3 : axis)..];
        ModelProto model = Graphs.SingleOp(17, "LayerNormalization", shape, bias ? ["scale", "bias"] : ["scale"], b =>
            {
                b.Initializer("scale", normalized, Graphs.RandomValues(44, normalized));
                if (bias) b.Initializer("bias", normalized, Graphs.RandomValues(45, normalized));
            },
            Int("axis", axis), Float("epsilon", 1e-4f));
        Graphs.AssertOpMatches(model, 46, shape);
    }

    [Theory]
    [InlineData(new long[] { 2, 3, 5, 4 }, 1e-5f)]
    [InlineData(new long[] { 2, 3, 7 }, 1e-2f)]
    public void InstanceNormalizationMatchesOrt(long[] shape, float epsilon)
    {
        ModelProto model = Graphs.SingleOp(6, "InstanceNormalization", shape, ["scale", "bias"], b =>
            {
                b.Initializer("scale", [3], Graphs.RandomValues(47, 3));
                b.Initializer("bias", [3], Graphs.RandomValues(48, 3));
            },
            Float("epsilon", epsilon));
        Graphs.AssertOpMatches(model, 49, shape);
    }

    // Opset 18 scales and shifts per group, opset 21 per channel.
    [Theory]
    [InlineData(18, 2)]
    [InlineData(18, 3)]
    [InlineData(21, 2)]
    [InlineData(21, 6)]
    public void GroupNormalizationMatchesOrt(long opset, long groups)
    {
        long[] shape = [2, 6, 3, 4];
        long perChannel = opset >= 21 ? 6 : groups;
        ModelProto model = Graphs.SingleOp(opset, "GroupNormalization", shape, ["scale", "bias"], b =>
            {
                b.Initializer("scale", [perChannel], Graphs.RandomValues(150, perChannel));
                b.Initializer("bias", [perChannel], Graphs.RandomValues(151, perChannel));
            },
            Int("num_groups", groups), Float("epsilon", 1e-4f));
        Graphs.AssertOpMatches(model, 152, shape);
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(1, 2)]
    [InlineData(0, 1)]
    public void LpNormalizationMatchesOrt(long axis, long p) =>
        Graphs.AssertOpMatches(Graphs.SingleOp(1, "LpNormalization", [2, 3, 4], Int("axis", axis), Int("p", p)), 153, [2, 3, 4]);

    // Windows smaller and larger than half the channels (ONNX Runtime accepts odd sizes only).
    [Theory]
    [InlineData(3, 1e-4f, 0.75f, 1f)]
    [InlineData(7, 0.5f, 0.6f, 2f)]
    [InlineData(5, 2e-4f, 0.75f, 1f)]
    public void LrnMatchesOrt(long size, float alpha, float beta, float bias)
    {
        long[] shape = [2, 6, 3, 4];
        Graphs.AssertOpMatches(Graphs.SingleOp(13, "LRN", shape, Int("size", size), Float("alpha", alpha), Float("beta", beta), Float("bias", bias)), 154, shape);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(new long[] { 1 })]
    [InlineData(new long[] { 0, 1, 2, 3 })]
    public void MeanVarianceNormalizationMatchesOrt(long[]? axes)
    {
        long[] shape = [2, 3, 4, 5];
        ModelProto model = axes is null ? Graphs.SingleOp(13, "MeanVarianceNormalization", shape) : Graphs.SingleOp(13, "MeanVarianceNormalization", shape, Ints("axes", axes));
        Graphs.AssertOpMatches(model, 155, shape);
    }

    // ONNX Runtime's RMS norm, which it registers in the default domain; axis -1 and a two-axis form.
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void SimplifiedLayerNormalizationMatchesOrt(long axis)
    {
        long[] shape = [2, 3, 6];
        long[] normalized = shape[(int)(axis < 0 ? axis + 3 : axis)..];
        ModelProto model = Graphs.SingleOp(13, "SimplifiedLayerNormalization", shape, ["scale"],
            b => b.Initializer("scale", normalized, Graphs.RandomValues(156, normalized)), Int("axis", axis), Float("epsilon", 1e-4f));
        Graphs.AssertOpMatches(model, 157, shape);
    }
}
