using Quantize.Format.Onnx;
using Quantize.Format.Onnx.Proto;
using static Quantize.Tests.Shared.OnnxBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Format.Tests.Onnx;

public class ChannelAxesTests
{
    static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    static TensorProto Weight(string name, params long[] dims) =>
        Raw(name, DataType.Float, dims, RandomValues((int)dims.Aggregate(1L, (a, b) => a * b), seed: name.Length));

    /// <summary>One graph with every operator the rule knows, plus an If whose branch holds a MatMul weight and a 2^20 scalar.</summary>
    static ModelProto AxesModel()
    {
        var branch = new GraphProto { Name = "then" };
        branch.Initializer.Add(Weight("w_branch", 8, 3));
        branch.Initializer.Add(Raw("big", DataType.Float, [], [1048576f]));
        branch.Node.Add(Node("MatMul", "mm_branch", ["h", "w_branch"], ["b1"]));
        branch.Node.Add(Node("Mul", "mul_branch", ["b1", "big"], ["b2"]));
        branch.Output.Add(Value("b2", DataType.Float, 1, 3));
        var otherwise = new GraphProto { Name = "else" };
        otherwise.Node.Add(Node("Identity", "id", ["h"], ["e1"]));
        otherwise.Output.Add(Value("e1", DataType.Float, 1, 8));

        var graph = new GraphProto { Name = "axes" };
        graph.Initializer.Add(Weight("conv.w", 16, 3, 3, 3));
        graph.Initializer.Add(Weight("convt.w", 16, 4, 2, 2));
        graph.Initializer.Add(Weight("gemm.bt", 10, 8));
        graph.Initializer.Add(Weight("gemm.b", 8, 10));
        graph.Initializer.Add(Weight("matmul.w", 8, 12));
        graph.Initializer.Add(Weight("embedding", 100, 8));
        graph.Initializer.Add(Weight("conv.b", 16));
        graph.Initializer.Add(Weight("shared", 8, 8));
        graph.Initializer.Add(Raw("one", DataType.Float, [1], [0.5f]));
        graph.Node.Add(Node("Conv", "conv", ["x", "conv.w", "conv.b"], ["c"]));
        graph.Node.Add(Node("ConvTranspose", "convt", ["c", "convt.w"], ["ct"]));
        graph.Node.Add(Node("Gemm", "gemm1", ["f", "gemm.bt"], ["g1"], Int("transB", 1)));
        graph.Node.Add(Node("Gemm", "gemm2", ["f", "gemm.b"], ["g2"]));
        graph.Node.Add(Node("MatMul", "matmul", ["f", "matmul.w"], ["m"]));
        graph.Node.Add(Node("Gather", "gather", ["embedding", "ids"], ["h"]));
        graph.Node.Add(Node("MatMul", "shared1", ["f", "shared"], ["s1"]));          // right operand: axis 1
        graph.Node.Add(Node("Gemm", "shared2", ["f", "shared"], ["s2"], Int("transB", 1))); // transB: axis 0, they disagree
        graph.Node.Add(Node("Mul", "scale", ["s2", "one"], ["s3"]));
        graph.Node.Add(Node("If", "branch", ["cond"], ["y"], Graph("then_branch", branch), Graph("else_branch", otherwise)));
        return Model(graph);
    }

    [Fact]
    public void EachOperator_NamesItsOutputChannelAxis()
    {
        Dictionary<string, int?> axes = ChannelAxes.Of(AxesModel());
        Assert.Equal(0, axes["conv.w"]);
        Assert.Equal(1, axes["convt.w"]);
        Assert.Equal(0, axes["gemm.bt"]);
        Assert.Equal(1, axes["gemm.b"]);
        Assert.Equal(1, axes["matmul.w"]);
        Assert.Equal(0, axes["embedding"]);
        Assert.Null(axes["conv.b"]);   // rank 1: one scale
        Assert.Null(axes["shared"]);   // two readers, two axes
        Assert.Equal(1, axes["branch/then_branch/w_branch"]); // identities as in docs/onnx.md
    }

    [Fact]
    public void Scalars_AndSingleElementTensors_AreFixedConstants_WhereverTheyAre()
    {
        IReadOnlyList<TensorSite> sites = ModelTensors.Find(AxesModel());
        Assert.False(sites.Single(s => s.Identity == "branch/then_branch/big").Learned); // the 2^20 inside the If
        Assert.False(sites.Single(s => s.Identity == "one").Learned);                   // a [1] initializer
        Assert.True(sites.Single(s => s.Identity == "conv.b").Learned);                 // 1-D biases stay weights
        Assert.True(sites.Single(s => s.Identity == "branch/then_branch/w_branch").Learned);
    }

    /// <summary>
    /// PyTorch's LSTM export: the weight [4·hidden, input] sliced into its four gates along rows, concatenated in ONNX's
    /// gate order, unsqueezed (axes as an input, opset 13+) to [1, 4·hidden, input] and read by LSTM as W. Its rows are
    /// the output channels. And a weight transposed before a MatMul: the MatMul's output axis is the stored axis 0.
    /// </summary>
    [Fact]
    public void ViewsBeforeTheReader_AreFollowed_ToTheStoredAxis()
    {
        var graph = new GraphProto { Name = "views" };
        graph.Initializer.Add(Weight("rnn.weight_ih", 8, 3));
        graph.Initializer.Add(Weight("rnn.weight_hh", 8, 2));
        graph.Initializer.Add(Weight("proj.weight", 5, 2));
        graph.Initializer.Add(Int64s("axis0", 0));
        for (int g = 0; g < 4; g++)
        {
            graph.Initializer.Add(Int64s($"start{g}", 2 * g));
            graph.Initializer.Add(Int64s($"end{g}", 2 * g + 2));
            graph.Node.Add(Node("Slice", $"slice{g}", ["rnn.weight_ih", $"start{g}", $"end{g}", "axis0"], [$"gate{g}"]));
        }
        graph.Node.Add(Node("Concat", "reorder", ["gate0", "gate3", "gate1", "gate2"], ["ifco"], Int("axis", 0)));
        graph.Node.Add(Node("Unsqueeze", "unsq", ["ifco", "axis0"], ["W"]));
        graph.Node.Add(Node("Unsqueeze", "unsq_r", ["rnn.weight_hh", "axis0"], ["R"]));
        graph.Node.Add(Node("LSTM", "lstm", ["x", "W", "R"], ["y"], Int("hidden_size", 2)));
        graph.Node.Add(Node("Transpose", "t", ["proj.weight"], ["proj.t"], new AttributeProto
            { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 0 } }));
        graph.Node.Add(Node("MatMul", "proj", ["h", "proj.t"], ["o"]));

        Dictionary<string, int?> axes = ChannelAxes.Of(Model(graph));

        Assert.Equal(0, axes["rnn.weight_ih"]);
        Assert.Equal(0, axes["rnn.weight_hh"]);
        Assert.Equal(0, axes["proj.weight"]); // [out, in] transposed to MatMul's [in, out]
    }

    static TensorProto Int64s(string name, params long[] values) =>
        new() { Name = name, DataType = (int)DataType.Int64, Dims = { values.Length }, Int64Data = { values } };
}
