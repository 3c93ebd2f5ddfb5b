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
}
