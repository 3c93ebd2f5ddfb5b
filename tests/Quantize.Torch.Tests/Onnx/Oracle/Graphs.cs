using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>Seeded inputs and one-node graphs for the op-by-op oracle tests.</summary>
static class Graphs
{
    /// <summary>Standard-normal values from a fixed seed, so every run feeds the same numbers.</summary>
    public static Tensor Random(long seed, params long[] shape)
    {
        manual_seed(seed);
        return randn(shape, dtype: ScalarType.Float32);
    }

    public static float[] RandomValues(long seed, params long[] shape)
    {
        using Tensor values = Random(seed, shape);
        return values.data<float>().ToArray();
    }

    /// <summary>x -> op(x, extra inputs) -> y, with x of the given shape and a float output y.</summary>
    public static ModelProto SingleOp(long opset, string op, long[] inputShape, string[] extraInputs, Action<OnnxGraphBuilder>? initializers, params AttributeProto[] attributes)
    {
        var builder = new OnnxGraphBuilder("single-" + op, opset);
        builder.Input("x", inputShape.Cast<object>().ToArray());
        initializers?.Invoke(builder);
        builder.Node(op, ["x", .. extraInputs], "y", attributes);
        builder.Output("y", DataType.Float);
        return builder.ToModel("test");
    }

    public static ModelProto SingleOp(long opset, string op, long[] inputShape, params AttributeProto[] attributes) =>
        SingleOp(opset, op, inputShape, [], null, attributes);

    public static void AssertOpMatches(ModelProto model, long seed, long[] inputShape)
    {
        using Tensor x = Random(seed, inputShape);
        OrtOracle.AssertMatches(model, ("x", x));
    }
}
