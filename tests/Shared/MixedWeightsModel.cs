using Quantize.Format.Onnx.Proto;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Tests.Shared;

/// <summary>
/// A small runnable model that keeps weights in every way the tool reads: float16 raw_data, double
/// double_data, float16 int32_data, bfloat16 raw_data, a float32 Constant node, and If branches holding
/// an initializer and a Constant node; plus two fixed constants (a Clip bound, a small Constant).
/// y = clip(((If(cond, h·W2, h·W2e))·W3 + b3)·W4, max 6) with h = (x·W1 + b1)·C + eps.
/// </summary>
static class MixedWeightsModel
{
    public const string ExternalWeight = "w3";

    /// <summary>Identities of the learned parameters, in the order the tool extracts them.</summary>
    public static readonly string[] Learned =
        ["w1", "b1", "w3", "b3", "w4", "c.weight", "branch/then_branch/w2", "branch/else_branch/w2e"];

    /// <summary>Fixed constants the rule of docs/onnx.md leaves alone.</summary>
    public static readonly string[] Fixed = ["clip.max", "eps"];

    public static ModelProto Build(int seed = 5)
    {
        var graph = new GraphProto { Name = "mixed", DocString = "weights of every kind" };
        graph.Input.Add(Value("x", DataType.Float, 2, 8));
        graph.Input.Add(Value("cond", DataType.Bool));
        graph.Output.Add(Value("y", DataType.Float, 2, 4));

        graph.Initializer.Add(Raw("w1", DataType.Float16, [8, 16], RandomValues(128, seed, 0.5f)));
        var b1 = new TensorProto { Name = "b1", DataType = (int)DataType.Double };
        b1.Dims.Add(16);
        b1.DoubleData.Add(RandomValues(16, seed + 1).Select(v => (double)v));
        graph.Initializer.Add(b1);
        graph.Initializer.Add(Raw(ExternalWeight, DataType.Float, [4, 4], RandomValues(16, seed + 2)));
        var b3 = new TensorProto { Name = "b3", DataType = (int)DataType.Float16 };
        b3.Dims.Add(4);
        b3.Int32Data.Add(RandomValues(4, seed + 3).Select(v => (int)BitConverter.HalfToUInt16Bits((Half)v)));
        graph.Initializer.Add(b3);
        graph.Initializer.Add(Raw("w4", DataType.Bfloat16, [4, 4], RandomValues(16, seed + 4)));
        graph.Initializer.Add(Raw("clip.max", DataType.Float, [], [6f]));

        graph.Node.Add(Cast("w1", "w1f", DataType.Float));
        graph.Node.Add(Node("MatMul", "mm1", ["x", "w1f"], ["h1"]));
        graph.Node.Add(Cast("b1", "b1f", DataType.Float));
        graph.Node.Add(Node("Add", "add1", ["h1", "b1f"], ["h2"]));
        graph.Node.Add(Constant("c.weight", Raw("", DataType.Float, [16, 16], RandomValues(256, seed + 5, 0.3f))));
        graph.Node.Add(Node("MatMul", "mm2", ["h2", "c.weight"], ["h3"]));
        graph.Node.Add(Constant("eps", Raw("", DataType.Float, [1], [0.25f])));
        graph.Node.Add(Node("Add", "add2", ["h3", "eps"], ["h4"]));
        graph.Node.Add(Node("If", "branch", ["cond"], ["h5"],
            Graph("then_branch", Branch("then", "w2", asConstant: false, seed + 6)),
            Graph("else_branch", Branch("else", "w2e", asConstant: true, seed + 7))));
        graph.Node.Add(Node("MatMul", "mm3", ["h5", ExternalWeight], ["h6"]));
        graph.Node.Add(Cast("b3", "b3f", DataType.Float));
        graph.Node.Add(Node("Add", "add3", ["h6", "b3f"], ["h7"]));
        graph.Node.Add(Cast("w4", "w4f", DataType.Float));
        graph.Node.Add(Node("MatMul", "mm4", ["h7", "w4f"], ["h8"]));
        graph.Node.Add(Node("Clip", "clip", ["h8", "", "clip.max"], ["y"]));
        return Model(graph);
    }

    static GraphProto Branch(string name, string weight, bool asConstant, int seed)
    {
        var graph = new GraphProto { Name = name };
        TensorProto values = Raw(asConstant ? "" : weight, DataType.Float, [16, 4], RandomValues(64, seed));
        if (asConstant) graph.Node.Add(Constant(weight, values));
        else graph.Initializer.Add(values);
        graph.Node.Add(Node("MatMul", name + ".mm", ["h4", weight], [name + ".out"]));
        graph.Output.Add(Value(name + ".out", DataType.Float, 2, 4));
        return graph;
    }
}
