using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// If, Loop and Scan: subgraphs run in the enclosing scope (they read its values), with gradients flowing through them.
/// Every iteration's tensors live until the graph run ends, like any node's.
/// </summary>
static class ControlFlowOps
{
    /// <summary>Runs the branch the one-element condition picks.</summary>
    public static Tensor[] If(OnnxNode node)
    {
        using Tensor flag = Scalar(node, node.Input(0), "the condition").to_type(ScalarType.Bool).cpu();
        string name = flag.item<bool>() ? "then_branch" : "else_branch";
        GraphProto branch = node.Attributes.Graph(name) ?? throw node.Error($"has no {name}");
        Tensor[] outputs = Runner(node)(branch, []);
        if (outputs.Length != node.Proto.Output.Count) throw node.Error($"{name} gives {outputs.Length} outputs for {node.Proto.Output.Count}");
        return outputs;
    }

    /// <summary>
    /// Runs body while the trip count M (input 0, optional) is not reached and the condition (input 1, optional; from then
    /// on the body's first output) holds. The body takes (iteration, condition, carried values...) and gives (condition,
    /// carried values..., scan values...); the node returns the last carried values and each scan value stacked over the
    /// iterations.
    /// </summary>
    public static Tensor[] Loop(OnnxNode node)
    {
        GraphProto body = node.Attributes.Graph("body") ?? throw node.Error("has no body");
        var run = Runner(node);
        long? trips = node.OptionalInput(0) is { } m ? ReadLong(node, m) : null;
        bool? condition = node.OptionalInput(1) is { } c ? ReadBool(node, c) : null;
        if (trips is null && condition is null) throw node.Error("has neither a trip count nor a condition, so it would never end");
        Tensor[] carried = node.Inputs.Skip(2).Select((t, i) => t ?? throw node.Error($"carried value {i} is omitted")).ToArray();
        int scanCount = body.Output.Count - 1 - carried.Length;
        if (scanCount < 0) throw node.Error($"body gives {body.Output.Count} outputs for {carried.Length} carried values");
        var scans = Enumerable.Range(0, scanCount).Select(_ => new List<Tensor>()).ToArray();
        bool going = condition ?? true;
        for (long i = 0; (trips is null || i < trips) && going; i++)
        {
            Tensor[] outputs = run(body, [tensor(i, ScalarType.Int64, node.Device), tensor(going, ScalarType.Bool, node.Device), .. carried]);
            // ONNX Runtime reads the body's condition even in a for-loop (no condition input); exporters pass it through.
            going = ReadBool(node, outputs[0]);
            carried = outputs[1..(1 + carried.Length)];
            for (int s = 0; s < scanCount; s++) scans[s].Add(outputs[1 + carried.Length + s]);
        }
        return [.. carried, .. scans.Select(list => list.Count > 0 ? stack(list, 0) : empty(0, dtype: ScalarType.Float32, device: node.Device))];
    }

    /// <summary>
    /// Opset 9+ Scan: the body runs once per slice of the scan inputs (along scan_input_axes, backwards where
    /// scan_input_directions is 1), taking (states..., slices...) and giving (states..., scan values...); the node
    /// returns the last states and each scan value stacked along its scan_output_axes (last iteration first where
    /// scan_output_directions is 1).
    /// </summary>
    public static Tensor[] Scan(OnnxNode node)
    {
        if (node.Opset < 9) throw node.Error("opset-8 Scan (with batch and sequence_lens) is not supported");
        GraphProto body = node.Attributes.Graph("body") ?? throw node.Error("has no body");
        var run = Runner(node);
        int scanInputs = (int)node.Attributes.Int("num_scan_inputs", 0);
        Tensor[] inputs = node.Inputs.Select((t, i) => t ?? throw node.Error($"input {i} is omitted")).ToArray();
        int states = inputs.Length - scanInputs, scanOutputs = body.Output.Count - states;
        if (scanInputs < 1 || states < 0 || scanOutputs < 0) throw node.Error($"{inputs.Length} inputs, {scanInputs} of them scanned, do not fit a body of {body.Output.Count} outputs");
        long[] inputAxes = node.Attributes.Ints("scan_input_axes") ?? new long[scanInputs];
        long[] inputDirections = node.Attributes.Ints("scan_input_directions") ?? new long[scanInputs];
        long[] outputAxes = node.Attributes.Ints("scan_output_axes") ?? new long[scanOutputs];
        long[] outputDirections = node.Attributes.Ints("scan_output_directions") ?? new long[scanOutputs];
        Tensor[] sequences = inputs[states..];
        long[] axes = sequences.Select((t, j) => Axes.Normalize(inputAxes[j], t.dim(), node)).ToArray();
        long length = sequences[0].shape[axes[0]];
        if (sequences.Select((t, j) => t.shape[axes[j]]).Any(l => l != length)) throw node.Error("the scan inputs differ in length");

        Tensor[] state = inputs[..states];
        var collected = Enumerable.Range(0, scanOutputs).Select(_ => new List<Tensor>()).ToArray();
        for (long t = 0; t < length; t++)
        {
            Tensor[] slices = sequences.Select((s, j) => s.select(axes[j], inputDirections[j] != 0 ? length - 1 - t : t)).ToArray();
            Tensor[] outputs = run(body, [.. state, .. slices]);
            state = outputs[..states];
            for (int k = 0; k < scanOutputs; k++) collected[k].Add(outputs[states + k]);
        }
        if (length == 0) throw node.Error("scanning a length of 0 is not supported");
        Tensor[] stacked = collected.Select((list, k) =>
        {
            IEnumerable<Tensor> ordered = outputDirections[k] != 0 ? Enumerable.Reverse(list) : list;
            return stack(ordered, Axes.Normalize(outputAxes[k], list[0].dim() + 1, node));
        }).ToArray();
        return [.. state, .. stacked];
    }

    static Func<GraphProto, IReadOnlyList<Tensor>, Tensor[]> Runner(OnnxNode node) => node.Subgraph ?? throw node.Error("cannot run subgraphs here");

    static Tensor Scalar(OnnxNode node, Tensor value, string what) =>
        value.numel() == 1 ? value.reshape([]) : throw node.Error($"{what} must have one element, not {value.numel()}");

    static long ReadLong(OnnxNode node, Tensor value)
    {
        using Tensor cpu = Scalar(node, value, "the trip count").to_type(ScalarType.Int64).cpu();
        return cpu.item<long>();
    }

    static bool ReadBool(OnnxNode node, Tensor value)
    {
        using Tensor cpu = Scalar(node, value, "the condition").to_type(ScalarType.Bool).cpu();
        return cpu.item<bool>();
    }
}
