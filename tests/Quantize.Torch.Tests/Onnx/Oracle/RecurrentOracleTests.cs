using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>LSTM, GRU and If against ONNX Runtime: every direction, both layouts, states given or not, all outputs.</summary>
public class RecurrentOracleTests
{
    public RecurrentOracleTests() => TorchRuntime.EnsureLoaded();

    const long Steps = 4, Batch = 3, InputSize = 5, Hidden = 6;

    [Theory]
    [InlineData("forward", 0, true, true, false)]
    [InlineData("reverse", 0, false, true, false)]
    [InlineData("bidirectional", 0, true, true, false)]
    [InlineData("bidirectional", 0, false, false, false)]
    [InlineData("forward", 0, true, true, true)]
    public void LstmMatchesOrt(string direction, long layout, bool states, bool bias, bool peepholes)
    {
        long d = direction == "bidirectional" ? 2 : 1;
        var b = new OnnxGraphBuilder("lstm", 14);
        b.Input("x", (layout == 0 ? new[] { Steps, Batch, InputSize } : [Batch, Steps, InputSize]).Cast<object>().ToArray());
        b.Initializer("W", [d, 4 * Hidden, InputSize], Graphs.RandomValues(110, d, 4 * Hidden, InputSize));
        b.Initializer("R", [d, 4 * Hidden, Hidden], Graphs.RandomValues(111, d, 4 * Hidden, Hidden));
        if (bias) b.Initializer("B", [d, 8 * Hidden], Graphs.RandomValues(112, d, 8 * Hidden));
        long[] stateShape = layout == 0 ? [d, Batch, Hidden] : [Batch, d, Hidden];
        if (states)
        {
            b.Initializer("h0", stateShape, Graphs.RandomValues(113, stateShape));
            b.Initializer("c0", stateShape, Graphs.RandomValues(114, stateShape));
        }
        if (peepholes) b.Initializer("P", [d, 3 * Hidden], Graphs.RandomValues(115, d, 3 * Hidden));
        string[] inputs = ["x", "W", "R", bias ? "B" : "", "", states ? "h0" : "", states ? "c0" : "", peepholes ? "P" : ""];
        b.Node("LSTM", inputs, ["Y", "Y_h", "Y_c"], Int("hidden_size", Hidden), String("direction", direction), Int("layout", layout));
        foreach (string output in new[] { "Y", "Y_h", "Y_c" }) b.Output(output, DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 116, layout == 0 ? [Steps, Batch, InputSize] : [Batch, Steps, InputSize]);
    }

    [Fact]
    public void LstmClipMatchesOrt()
    {
        var b = new OnnxGraphBuilder("lstm-clip", 14);
        b.Input("x", Steps, Batch, InputSize);
        b.Initializer("W", [1, 4 * Hidden, InputSize], Graphs.RandomValues(117, 1, 4 * Hidden, InputSize).Select(v => 3 * v).ToArray());
        b.Initializer("R", [1, 4 * Hidden, Hidden], Graphs.RandomValues(118, 1, 4 * Hidden, Hidden));
        b.Node("LSTM", ["x", "W", "R"], ["Y", "Y_h"], Int("hidden_size", Hidden), Float("clip", 0.7f));
        b.Output("Y", DataType.Float);
        b.Output("Y_h", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 119, [Steps, Batch, InputSize]);
    }

    [Theory]
    [InlineData("forward", 0, 0, true)]
    [InlineData("forward", 0, 1, true)]
    [InlineData("reverse", 0, 1, false)]
    [InlineData("bidirectional", 0, 0, true)]
    [InlineData("bidirectional", 0, 1, false)]
    public void GruMatchesOrt(string direction, long layout, long linearBeforeReset, bool states)
    {
        long d = direction == "bidirectional" ? 2 : 1;
        var b = new OnnxGraphBuilder("gru", 14);
        b.Input("x", (layout == 0 ? new[] { Steps, Batch, InputSize } : [Batch, Steps, InputSize]).Cast<object>().ToArray());
        b.Initializer("W", [d, 3 * Hidden, InputSize], Graphs.RandomValues(120, d, 3 * Hidden, InputSize));
        b.Initializer("R", [d, 3 * Hidden, Hidden], Graphs.RandomValues(121, d, 3 * Hidden, Hidden));
        b.Initializer("B", [d, 6 * Hidden], Graphs.RandomValues(122, d, 6 * Hidden));
        long[] stateShape = layout == 0 ? [d, Batch, Hidden] : [Batch, d, Hidden];
        if (states) b.Initializer("h0", stateShape, Graphs.RandomValues(123, stateShape));
        b.Node("GRU", ["x", "W", "R", "B", "", states ? "h0" : ""], ["Y", "Y_h"],
            Int("hidden_size", Hidden), String("direction", direction), Int("layout", layout), Int("linear_before_reset", linearBeforeReset));
        b.Output("Y", DataType.Float);
        b.Output("Y_h", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 124, layout == 0 ? [Steps, Batch, InputSize] : [Batch, Steps, InputSize]);
    }

    // ONNX Runtime refuses layout 1 ("batchwise recurrent operations are not supported"), so layout 1 is checked
    // against our layout 0 on the transposed input, which the tests above check against ONNX Runtime.
    [Theory]
    [InlineData("LSTM")]
    [InlineData("GRU")]
    public void BatchFirstLayoutIsTheTransposedSequenceFirstOne(string op)
    {
        long gates = op == "LSTM" ? 4 : 3;
        ModelProto Build(long layout)
        {
            var b = new OnnxGraphBuilder("layout", 14);
            b.Input("x", (layout == 0 ? new[] { Steps, Batch, InputSize } : [Batch, Steps, InputSize]).Cast<object>().ToArray());
            b.Initializer("W", [2, gates * Hidden, InputSize], Graphs.RandomValues(125, 2, gates * Hidden, InputSize));
            b.Initializer("R", [2, gates * Hidden, Hidden], Graphs.RandomValues(126, 2, gates * Hidden, Hidden));
            long[] stateShape = layout == 0 ? [2, Batch, Hidden] : [Batch, 2, Hidden];
            float[] state = Graphs.RandomValues(127, 2, Batch, Hidden);
            if (layout == 1)
            {
                using Tensor swapped = tensor(state, [2, Batch, Hidden]).transpose(0, 1).contiguous();
                state = swapped.data<float>().ToArray();
            }
            b.Initializer("h0", stateShape, state);
            b.Node(op, ["x", "W", "R", "", "", "h0"], ["Y", "Y_h"], Int("hidden_size", Hidden), String("direction", "bidirectional"), Int("layout", layout));
            b.Output("Y", DataType.Float);
            b.Output("Y_h", DataType.Float);
            return b.ToModel("test");
        }
        using var sequenceFirst = new OnnxGraphModule(Build(0));
        using var batchFirst = new OnnxGraphModule(Build(1));
        using Tensor x = Graphs.Random(128, Steps, Batch, InputSize);
        using var noGrad = no_grad();
        Tensor[] expected = sequenceFirst.Run(new Dictionary<string, Tensor> { ["x"] = x });
        Tensor[] actual = batchFirst.Run(new Dictionary<string, Tensor> { ["x"] = x.transpose(0, 1) });
        Assert.True(actual[0].allclose(expected[0].permute(2, 0, 1, 3), rtol: 1e-5, atol: 1e-6)); // the two layouts sum in another order
        Assert.True(actual[1].allclose(expected[1].transpose(0, 1), rtol: 1e-5, atol: 1e-6));
    }

    // tf2onnx writes the default activations out; they run as if omitted. Others are refused by name.
    [Theory]
    [InlineData("LSTM", "forward", "Sigmoid,Tanh,Tanh")]
    [InlineData("LSTM", "bidirectional", "Sigmoid,Tanh,Tanh,Sigmoid,Tanh,Tanh")]
    [InlineData("GRU", "bidirectional", "Sigmoid,Tanh,Sigmoid,Tanh")]
    public void DefaultActivationsListedMatchOrt(string op, string direction, string activations)
    {
        long d = direction == "bidirectional" ? 2 : 1, gates = op == "LSTM" ? 4 : 3;
        var b = new OnnxGraphBuilder("listed", 14);
        b.Input("x", Steps, Batch, InputSize);
        b.Initializer("W", [d, gates * Hidden, InputSize], Graphs.RandomValues(125, d, gates * Hidden, InputSize));
        b.Initializer("R", [d, gates * Hidden, Hidden], Graphs.RandomValues(126, d, gates * Hidden, Hidden));
        b.Node(op, ["x", "W", "R"], ["Y", "Y_h"], Int("hidden_size", Hidden), String("direction", direction), Strings("activations", activations.Split(',')));
        b.Output("Y", DataType.Float);
        b.Output("Y_h", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 127, [Steps, Batch, InputSize]);
    }

    [Fact]
    public void OtherLstmActivationsAreRefusedByName()
    {
        var b = new OnnxGraphBuilder("relu-lstm", 14);
        b.Input("x", Steps, Batch, InputSize);
        b.Initializer("W", [1, 4 * Hidden, InputSize], Graphs.RandomValues(128, 1, 4 * Hidden, InputSize));
        b.Initializer("R", [1, 4 * Hidden, Hidden], Graphs.RandomValues(129, 1, 4 * Hidden, Hidden));
        b.Node("LSTM", ["x", "W", "R"], ["Y"], Int("hidden_size", Hidden), Strings("activations", "Sigmoid", "Relu", "Tanh"));
        b.Output("Y", DataType.Float);
        using var graph = new OnnxGraphModule(b.ToModel("test"));
        using Tensor x = Graphs.Random(130, Steps, Batch, InputSize);
        var error = Assert.Throws<OnnxExecutionException>(() => graph.Run(new Dictionary<string, Tensor> { ["x"] = x }));
        Assert.Contains("Relu", error.Message);
    }

    static AttributeProto Strings(string name, params string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(Google.Protobuf.ByteString.CopyFromUtf8));
        return attribute;
    }

    // The simple RNN: Tanh by default, Relu as PyTorch's nn.RNN(nonlinearity="relu") exports it, per direction. Layout 0
    // only: ONNX Runtime refuses RNN's layout 1 (the shared layout code is checked through LSTM and GRU).
    [Theory]
    [InlineData("forward", 0, true, "")]
    [InlineData("reverse", 0, false, "Relu")]
    [InlineData("bidirectional", 0, true, "Tanh,Relu")]
    [InlineData("bidirectional", 0, false, "Sigmoid,Tanh")]
    public void RnnMatchesOrt(string direction, long layout, bool states, string activations)
    {
        long d = direction == "bidirectional" ? 2 : 1;
        var b = new OnnxGraphBuilder("rnn", 14);
        b.Input("x", (layout == 0 ? new[] { Steps, Batch, InputSize } : [Batch, Steps, InputSize]).Cast<object>().ToArray());
        b.Initializer("W", [d, Hidden, InputSize], Graphs.RandomValues(120, d, Hidden, InputSize));
        b.Initializer("R", [d, Hidden, Hidden], Graphs.RandomValues(121, d, Hidden, Hidden));
        b.Initializer("B", [d, 2 * Hidden], Graphs.RandomValues(122, d, 2 * Hidden));
        long[] stateShape = layout == 0 ? [d, Batch, Hidden] : [Batch, d, Hidden];
        if (states) b.Initializer("h0", stateShape, Graphs.RandomValues(123, stateShape));
        var attributes = new List<AttributeProto> { Int("hidden_size", Hidden), String("direction", direction), Int("layout", layout) };
        if (activations.Length > 0) attributes.Add(Strings("activations", activations.Split(',')));
        b.Node("RNN", ["x", "W", "R", "B", "", states ? "h0" : ""], ["Y", "Y_h"], [.. attributes]);
        b.Output("Y", DataType.Float);
        b.Output("Y_h", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 124, layout == 0 ? [Steps, Batch, InputSize] : [Batch, Steps, InputSize]);
    }

    // The condition comes from the data (sum > 0); each branch reads the outer x and an outer initializer, the
    // else branch also one of its own.
    [Fact]
    public void IfReadsTheOuterScopeInEitherBranch()
    {
        var b = new OnnxGraphBuilder("if", 13);
        b.Input("x", 2, 3);
        b.Initializer("scale", [3], [0.5f, -2f, 3f]);
        b.Node("ReduceSum", ["x"], "total", Int("keepdims", 0));
        var zero = new TensorProto { Name = "zero", DataType = (int)DataType.Float };
        zero.FloatData.Add(0f);
        b.Node("Constant", [], "zero", Tensor("value", zero));
        b.Node("Greater", ["total", "zero"], "positive");
        var then = new GraphProto { Name = "then" };
        then.Node.Add(OnnxBuilder.Node("Mul", "then_mul", ["x", "scale"], ["then_y"]));
        then.Output.Add(OnnxBuilder.Value("then_y", DataType.Float, 2, 3));
        var otherwise = new GraphProto { Name = "else" };
        otherwise.Initializer.Add(OnnxBuilder.Raw("shift", DataType.Float, [3], [1f, 2f, 3f]));
        otherwise.Node.Add(OnnxBuilder.Node("Add", "else_add", ["x", "shift"], ["shifted"]));
        otherwise.Node.Add(OnnxBuilder.Node("Mul", "else_mul", ["shifted", "scale"], ["else_y"]));
        otherwise.Output.Add(OnnxBuilder.Value("else_y", DataType.Float, 2, 3));
        b.Node("If", ["positive"], "y", OnnxBuilder.Graph("then_branch", then), OnnxBuilder.Graph("else_branch", otherwise));
        b.Output("y", DataType.Float);
        ModelProto model = b.ToModel("test");
        using Tensor up = ones(2, 3), down = ones(2, 3).neg();
        OrtOracle.AssertMatches(model, ("x", up));
        OrtOracle.AssertMatches(model, ("x", down));
    }
}
