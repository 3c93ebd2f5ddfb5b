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

    /// <summary>
    /// x -> op(x, extra inputs) -> outputs of the given element types (indices, masks), named y for one output and
    /// y0, y1, ... for several; a null type leaves that output unnamed, which ONNX reads as not asked for.
    /// </summary>
    public static ModelProto SingleOp(long opset, string op, long[] inputShape, string[] extraInputs, Action<OnnxGraphBuilder>? initializers,
        DataType?[] outputs, params AttributeProto[] attributes)
    {
        var builder = new OnnxGraphBuilder("single-" + op, opset);
        builder.Input("x", inputShape.Cast<object>().ToArray());
        initializers?.Invoke(builder);
        string[] names = outputs.Select((type, i) => type is null ? "" : outputs.Length == 1 ? "y" : $"y{i}").ToArray();
        builder.Node(op, ["x", .. extraInputs], names, attributes);
        for (int i = 0; i < outputs.Length; i++)
            if (outputs[i] is DataType type) builder.Output(names[i], type);
        return builder.ToModel("test");
    }

    /// <summary>Declares a graph input of another element type than float (int64 indices, say).</summary>
    public static ModelProto WithInputType(ModelProto model, string input, DataType type)
    {
        model.Graph.Input.Single(i => i.Name == input).Type.TensorType.ElemType = (int)type;
        return model;
    }

    /// <summary>Moves the model's op nodes into a contrib domain, which the model then imports at the given version.</summary>
    public static ModelProto InDomain(ModelProto model, string domain, long version, params string[] opTypes)
    {
        foreach (NodeProto node in model.Graph.Node.Where(n => opTypes.Contains(n.OpType))) node.Domain = domain;
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
        return model;
    }

    public static ModelProto SingleOp(long opset, string op, long[] inputShape, params AttributeProto[] attributes) =>
        SingleOp(opset, op, inputShape, [], null, attributes);

    public static void AssertOpMatches(ModelProto model, long seed, long[] inputShape)
    {
        using Tensor x = Random(seed, inputShape);
        OrtOracle.AssertMatches(model, ("x", x));
    }
}
