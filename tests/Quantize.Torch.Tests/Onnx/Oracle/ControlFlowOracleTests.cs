using Quantize.Format.Onnx.Proto;
using Quantize.Tests.Shared;
using Quantize.Torch.Onnx;
using static Quantize.Torch.Onnx.OnnxGraphBuilder;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Tests.Onnx.Oracle;

/// <summary>Loop and Scan against ONNX Runtime: bodies that read the outer scope, carry state, stop on a condition and stack scan values.</summary>
public class ControlFlowOracleTests
{
    public ControlFlowOracleTests() => TorchRuntime.EnsureLoaded();

    // Body: v' = v · 0.5 + float(i) + w (an outer initializer), condition' = sum(v') < limit, scan value sin(v').
    static GraphProto LoopBody()
    {
        var body = new GraphProto { Name = "body" };
        body.Input.Add(OnnxBuilder.Value("i", DataType.Int64));
        body.Input.Add(OnnxBuilder.Value("cond_in", DataType.Bool));
        body.Input.Add(OnnxBuilder.Value("v", DataType.Float, 2, 3));
        body.Initializer.Add(OnnxBuilder.Raw("half", DataType.Float, [], [0.5f]));
        body.Node.Add(OnnxBuilder.Node("Mul", "halve", ["v", "half"], ["halved"]));
        body.Node.Add(OnnxBuilder.Cast("i", "i_float", DataType.Float));
        body.Node.Add(OnnxBuilder.Node("Add", "count", ["halved", "i_float"], ["counted"]));
        body.Node.Add(OnnxBuilder.Node("Add", "shift", ["counted", "w"], ["v_out"]));
        body.Node.Add(OnnxBuilder.Node("ReduceSum", "total", ["v_out"], ["total"], Int("keepdims", 0)));
        body.Node.Add(OnnxBuilder.Node("Less", "below", ["total", "limit"], ["cond_out"]));
        body.Node.Add(OnnxBuilder.Node("Sin", "wave", ["v_out"], ["scan"]));
        body.Output.Add(OnnxBuilder.Value("cond_out", DataType.Bool));
        body.Output.Add(OnnxBuilder.Value("v_out", DataType.Float, 2, 3));
        body.Output.Add(OnnxBuilder.Value("scan", DataType.Float, 2, 3));
        return body;
    }

    // A for-loop of M trips whose condition stays true (limit far away), a while-loop that stops on it (no M),
    // and both at once with the condition stopping first.
    [Theory]
    [InlineData(4L, 1e6f)]
    [InlineData(null, 40f)]
    [InlineData(10L, 25f)]
    public void LoopMatchesOrt(long? trips, float limit)
    {
        var b = new OnnxGraphBuilder("loop", 13);
        b.Input("x", 2, 3);
        b.Initializer("w", [3], [0.25f, -1f, 2f]);
        b.Initializer("limit", [], [limit]);
        if (trips is long m) b.Int64Initializer("m", [], m);
        b.Node("Constant", [], "true", Tensor("value", BoolScalar(true)));
        b.Node("Loop", [trips is null ? "" : "m", "true", "x"], ["v_final", "scans"], OnnxBuilder.Graph("body", LoopBody()));
        b.Output("v_final", DataType.Float);
        b.Output("scans", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 180, [2, 3]);
    }

    // Body: s' = s + x_t, y_t = s' · x_t; x is [4, 3] scanned along an axis, either way; y stacked along an axis, either way.
    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(0, 1, 0, 1)]
    [InlineData(1, 0, 1, 0)]
    [InlineData(-1, 1, -1, 1)]
    public void ScanMatchesOrt(long inputAxis, long inputDirection, long outputAxis, long outputDirection)
    {
        long[] shape = inputAxis == 0 ? [4, 3] : [3, 4];
        var body = new GraphProto { Name = "body" };
        body.Input.Add(OnnxBuilder.Value("s", DataType.Float, 3));
        body.Input.Add(OnnxBuilder.Value("x_t", DataType.Float, 3));
        body.Node.Add(OnnxBuilder.Node("Add", "accumulate", ["s", "x_t"], ["s_out"]));
        body.Node.Add(OnnxBuilder.Node("Mul", "weigh", ["s_out", "x_t"], ["y_t"]));
        body.Output.Add(OnnxBuilder.Value("s_out", DataType.Float, 3));
        body.Output.Add(OnnxBuilder.Value("y_t", DataType.Float, 3));
        var b = new OnnxGraphBuilder("scan", 11);
        b.Input("x", shape.Cast<object>().ToArray());
        b.Initializer("s0", [3], [1f, 0f, -1f]);
        b.Node("Scan", ["s0", "x"], ["s_final", "y"], OnnxBuilder.Graph("body", body), Int("num_scan_inputs", 1),
            Ints("scan_input_axes", inputAxis), Ints("scan_input_directions", inputDirection),
            Ints("scan_output_axes", outputAxis), Ints("scan_output_directions", outputDirection));
        b.Output("s_final", DataType.Float);
        b.Output("y", DataType.Float);
        Graphs.AssertOpMatches(b.ToModel("test"), 181, shape);
    }

    static TensorProto BoolScalar(bool value)
    {
        var tensor = new TensorProto { Name = "flag", DataType = (int)DataType.Bool };
        tensor.Int32Data.Add(value ? 1 : 0);
        return tensor;
    }
}
