using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using Quantize.Torch.Tests.Onnx.Oracle;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx;

/// <summary>Graphs with several inputs and outputs, multi-output nodes, and the errors around them.</summary>
public class OnnxGraphModuleRunTests
{
    public OnnxGraphModuleRunTests() => TorchRuntime.EnsureLoaded();

    static ModelProto TwoInTwoOut()
    {
        var builder = new OnnxGraphBuilder("two", 13);
        builder.Input("a", 2, 3);
        builder.Input("b", 2, 3);
        builder.Node("Add", ["a", "b"], "sum");
        builder.Node("Dropout", ["a"], ["kept", "mask"]);
        builder.Node("Mul", ["kept", "b"], "product");
        builder.Output("sum", DataType.Float);
        builder.Output("product", DataType.Float);
        builder.Output("mask", DataType.Bool);
        return builder.ToModel("test");
    }

    [Fact]
    public void RunsNamedInputsToEveryOutputLikeOrt()
    {
        using Tensor a = Graphs.Random(80, 2, 3), b = Graphs.Random(81, 2, 3);
        OrtOracle.AssertMatches(TwoInTwoOut(), ("a", a), ("b", b));
    }

    [Fact]
    public void ListsInputsAndOutputsInGraphOrder()
    {
        using var graph = new OnnxGraphModule(TwoInTwoOut());
        Assert.Equal(["a", "b"], graph.InputNames);
        Assert.Equal(["sum", "product", "mask"], graph.OutputNames);
        Assert.Equal(13, graph.Opset);
    }

    [Fact]
    public void RejectsAMissingInputByName()
    {
        using var graph = new OnnxGraphModule(TwoInTwoOut());
        using Tensor a = zeros(2, 3);
        var error = Assert.Throws<OnnxExecutionException>(() => graph.Run(new Dictionary<string, Tensor> { ["a"] = a }));
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void RejectsAModelWithoutTheDefaultOpset()
    {
        ModelProto model = TwoInTwoOut();
        model.OpsetImport.Clear();
        var error = Assert.Throws<OnnxExecutionException>(() => new OnnxGraphModule(model));
        Assert.Contains("opset", error.Message);
    }

    [Fact]
    public void RejectsAnOutputTheOpDoesNotProduceNamingTheNode()
    {
        var builder = new OnnxGraphBuilder("g", 13);
        builder.Input("x", 2, 3);
        builder.Node("Relu", ["x"], ["y", "extra"]);
        builder.Output("y", DataType.Float);
        using var graph = new OnnxGraphModule(builder.ToModel("test"));
        using Tensor x = zeros(2, 3);
        var error = Assert.Throws<OnnxExecutionException>(() => graph.forward(x));
        Assert.Contains("Relu node 'y'", error.Message);
        Assert.Contains("'extra'", error.Message);
    }

    [Fact]
    public void RejectsTrainingModeBatchNormalizationNamingTheNode()
    {
        ModelProto model = Graphs.SingleOp(15, "BatchNormalization", [1, 2, 2, 2], ["s", "b", "m", "v"], g =>
            {
                foreach (string name in new[] { "s", "b", "m", "v" }) g.Initializer(name, [2], [1f, 1f]);
            },
            OnnxGraphBuilder.Int("training_mode", 1));
        using var graph = new OnnxGraphModule(model);
        using Tensor x = zeros(1, 2, 2, 2);
        var error = Assert.Throws<OnnxExecutionException>(() => graph.forward(x));
        Assert.Contains("BatchNormalization node 'y'", error.Message);
        Assert.Contains("training_mode", error.Message);
    }

    [Fact]
    public void JoinPerSample_TakesARecurrentStatesSamplesFromItsBatchAxis()
    {
        // A voice detector's outputs: a score [N, 2] and a state [2, N, 4] (layers, batch, hidden), N = 3.
        using var scope = NewDisposeScope();
        Tensor scores = arange(6f).reshape(3, 2), state = arange(24f).reshape(2, 3, 4);

        Tensor joined = OnnxGraphModule.JoinPerSample([scores, state], 3);

        Assert.Equal([3L, 10], joined.shape);
        // Sample 1: its scores 2, 3; its state state[0, 1, :] = 4..7 and state[1, 1, :] = 16..19.
        Assert.Equal([2f, 3, 4, 5, 6, 7, 16, 17, 18, 19], joined[1].data<float>().ToArray());
        var e = Assert.Throws<OnnxExecutionException>(() => OnnxGraphModule.JoinPerSample([zeros(2, 5)], 3));
        Assert.Contains("shape [2,5] for a batch of 3", e.Message);
    }
}
