using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// The output-channel axis of each stored tensor, from the operators that read it: the axis along which
/// per-channel scales (<c>--scale channel</c>) are taken. Output channels, not input channels, because folded
/// BatchNorm and per-filter training dynamics scale a filter as a whole:
/// Conv weight [M, C/g, k...] axis 0; ConvTranspose weight [C, M/g, k...] axis 1; Gemm B axis 0 with transB = 1
/// ([N, K]) and 1 otherwise ([K, N]); MatMul's right operand [.., K, N] its last axis, a left operand [.., M, K]
/// its second-to-last; Gather's data (an embedding table) axis 0, one scale per row, when it gathers along axis 0.
/// A tensor of rank below 2, read by none of these, or read by them along different axes has none (null).
/// Identities are those of <see cref="ModelTensors"/> (docs/onnx.md), so the keys match <see cref="ParameterTensor.Name"/>.
/// A graph without any node is a store of weights (a safetensors model, docs/safetensors.md): no operator says where the
/// channels are, so every tensor of rank 2 or more takes axis 0, PyTorch's output axis (Linear [out, in], Conv
/// [out, in/g, k...], Embedding [rows, dim]).
/// </summary>
public static class ChannelAxes
{
    public static Dictionary<string, int?> Of(ModelProto model)
    {
        var axes = new Dictionary<string, int?>(StringComparer.Ordinal);
        if (model.Graph.Node.Count == 0)
        {
            foreach (TensorProto tensor in model.Graph.Initializer) axes[tensor.Name] = tensor.Dims.Count >= 2 ? 0 : null;
            return axes;
        }
        Visit(model.Graph, "", axes);
        return axes;
    }

    /// <summary>The axis a single read implies, or null when the operator says nothing about channels.</summary>
    public static int? ForUse(NodeProto node, int input, int rank)
    {
        if (rank < 2 || node.Domain is not ("" or "ai.onnx")) return null;
        return (node.OpType, input) switch
        {
            ("Conv", 1) => 0,
            ("ConvTranspose", 1) => 1,
            ("Gemm", 1) when rank == 2 => IntAttribute(node, "transB") == 1 ? 0 : 1,
            ("MatMul", 1) => rank - 1,
            ("MatMul", 0) => rank - 2,
            ("Gather", 0) when IntAttribute(node, "axis") == 0 => 0,
            ("LSTM" or "GRU" or "RNN", 1 or 2) when rank == 3 => 1,
            _ => null,
        };
    }

    static void Visit(GraphProto graph, string path, Dictionary<string, int?> axes)
    {
        string prefix = path.Length == 0 ? "" : path + "/";
        var reads = new Dictionary<string, List<(NodeProto Node, int Input)>>(StringComparer.Ordinal);
        CollectReads(graph, reads);
        var constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        CollectConstants(graph, constants);
        var graphReads = new GraphReads(reads, constants);
        foreach (TensorProto tensor in graph.Initializer)
            axes[prefix + tensor.Name] = Decide(tensor.Name, graphReads, tensor.Dims.Count);

        string[] keys = ModelTensors.NodeKeys(graph);
        for (int i = 0; i < graph.Node.Count; i++)
        {
            NodeProto node = graph.Node[i];
            if (node.OpType == "Constant" && node.Output.Count == 1 && node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } value)
                axes[prefix + node.Output[0]] = Decide(node.Output[0], graphReads, value.Dims.Count);
            foreach (AttributeProto attribute in node.Attribute)
            {
                string attributePath = $"{prefix}{keys[i]}/{attribute.Name}";
                if (attribute.G != null) Visit(attribute.G, attributePath, axes);
                for (int g = 0; g < attribute.Graphs.Count; g++) Visit(attribute.Graphs[g], $"{attributePath}[{g}]", axes);
            }
        }
    }

    // Initializers and Constant outputs of the graph and of its subgraphs (where a reader of an outer tensor may sit).
    static void CollectConstants(GraphProto graph, Dictionary<string, TensorProto> constants)
    {
        foreach (TensorProto tensor in graph.Initializer) constants.TryAdd(tensor.Name, tensor);
        foreach (NodeProto node in graph.Node)
        {
            if (node.OpType == "Constant" && node.Output.Count == 1 && node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } value)
                constants.TryAdd(node.Output[0], value);
            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G != null) CollectConstants(attribute.G, constants);
                foreach (GraphProto subgraph in attribute.Graphs) CollectConstants(subgraph, constants);
            }
        }
    }

    // Reads by the graph's nodes and by nodes of nested subgraphs, which see the outer graph's values.
    static void CollectReads(GraphProto graph, Dictionary<string, List<(NodeProto, int)>> reads)
    {
        foreach (NodeProto node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i].Length == 0) continue;
                if (!reads.TryGetValue(node.Input[i], out var list)) reads[node.Input[i]] = list = [];
                list.Add((node, i));
            }
            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G != null) CollectReads(attribute.G, reads);
                foreach (GraphProto subgraph in attribute.Graphs) CollectReads(subgraph, reads);
            }
        }
    }

    static int? Decide(string name, GraphReads graph, int rank)
    {
        var seen = new HashSet<int>();
        Collect(name, graph, rank, axis => axis, seen, depth: 0);
        return seen.Count == 1 ? seen.Single() : null; // none, or two readers disagree: no channel is the output channel
    }

    /// <summary>Views followed from a stored tensor to the operator that says where its channels are.</summary>
    const int MaxViewDepth = 4;

    // Each axis a reader of `value` (of rank `rank`) implies, mapped back to the stored tensor's axes by `toStored`. Views
    // are followed to their readers: those that keep every axis (Identity, Cast, Slice, Split, Concat: PyTorch exports an
    // LSTM's weight as four gate slices concatenated in ONNX's gate order), Transpose (its permutation says where each
    // axis went) and Unsqueeze (then into the LSTM that reads [directions, gates·hidden, input]).
    static void Collect(string value, GraphReads graph, int rank, Func<int, int?> toStored, HashSet<int> axes, int depth)
    {
        foreach ((NodeProto node, int input) in graph.Reads.GetValueOrDefault(value) ?? [])
        {
            if (ForUse(node, input, rank) is { } used)
            {
                if (toStored(used) is { } stored) axes.Add(stored);
                continue;
            }
            if (depth >= MaxViewDepth || node.Domain is not ("" or "ai.onnx") || input != 0 && node.OpType != "Concat") continue;
            switch (node.OpType)
            {
                case "Identity" or "Cast" or "Slice" or "Split" or "Concat":
                    foreach (string output in node.Output.Where(o => o.Length > 0)) Collect(output, graph, rank, toStored, axes, depth + 1);
                    break;
                case "Transpose" when node.Output.Count == 1:
                    long[] perm = node.Attribute.FirstOrDefault(at => at.Name == "perm")?.Ints.ToArray() ?? [];
                    if (perm.Length == 0) perm = Enumerable.Range(0, rank).Reverse().Select(i => (long)i).ToArray();
                    if (perm.Length == rank) Collect(node.Output[0], graph, rank, k => toStored((int)perm[k]), axes, depth + 1);
                    break;
                case "Unsqueeze" when node.Output.Count == 1 && graph.UnsqueezeAxes(node) is { } inserted:
                    int outRank = rank + inserted.Length;
                    var at = inserted.Select(x => (int)(x < 0 ? x + outRank : x)).ToHashSet();
                    if (at.Count == inserted.Length && at.All(x => x >= 0 && x < outRank))
                        Collect(node.Output[0], graph, outRank, k => at.Contains(k) ? null : toStored(k - at.Count(x => x < k)), axes, depth + 1);
                    break;
            }
        }
    }

    /// <summary>Who reads each value (the graph's nodes and those of its subgraphs), and its integer constants.</summary>
    sealed class GraphReads(Dictionary<string, List<(NodeProto Node, int Input)>> reads, Dictionary<string, TensorProto> constants)
    {
        public Dictionary<string, List<(NodeProto Node, int Input)>> Reads { get; } = reads;

        // Unsqueeze's axes: an attribute up to opset 12, a constant second input from 13.
        public long[]? UnsqueezeAxes(NodeProto node)
        {
            if (node.Attribute.FirstOrDefault(a => a.Name == "axes") is { } attribute) return attribute.Ints.ToArray();
            if (node.Input.Count < 2 || !constants.TryGetValue(node.Input[1], out TensorProto? axes)) return null;
            if (axes.DataType != (int)TensorProto.Types.DataType.Int64) return null;
            if (axes.Int64Data.Count > 0) return axes.Int64Data.ToArray();
            byte[] raw = axes.RawData.ToByteArray();
            return raw.Length % 8 == 0 ? Enumerable.Range(0, raw.Length / 8).Select(i => BitConverter.ToInt64(raw, 8 * i)).ToArray() : null;
        }
    }

    static long IntAttribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? 0;
}
