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
}
