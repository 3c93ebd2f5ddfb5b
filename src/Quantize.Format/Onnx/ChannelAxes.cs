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
            _ => null,
        };
    }

    static void Visit(GraphProto graph, string path, Dictionary<string, int?> axes)
    {
        string prefix = path.Length == 0 ? "" : path + "/";
        var reads = new Dictionary<string, List<(NodeProto Node, int Input)>>(StringComparer.Ordinal);
        CollectReads(graph, reads);
        foreach (TensorProto tensor in graph.Initializer)
            axes[prefix + tensor.Name] = Decide(reads.GetValueOrDefault(tensor.Name), tensor.Dims.Count);

        string[] keys = ModelTensors.NodeKeys(graph);
        for (int i = 0; i < graph.Node.Count; i++)
        {
            NodeProto node = graph.Node[i];
            if (node.OpType == "Constant" && node.Output.Count == 1 && node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } value)
                axes[prefix + node.Output[0]] = Decide(reads.GetValueOrDefault(node.Output[0]), value.Dims.Count);
            foreach (AttributeProto attribute in node.Attribute)
            {
                string attributePath = $"{prefix}{keys[i]}/{attribute.Name}";
                if (attribute.G != null) Visit(attribute.G, attributePath, axes);
                for (int g = 0; g < attribute.Graphs.Count; g++) Visit(attribute.Graphs[g], $"{attributePath}[{g}]", axes);
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

    static int? Decide(List<(NodeProto Node, int Input)>? reads, int rank)
    {
        int? axis = null;
        foreach ((NodeProto node, int input) in reads ?? [])
        {
            if (ForUse(node, input, rank) is not { } a) continue;
            if (axis is { } seen && seen != a) return null; // two readers disagree: no channel is the output channel
            axis = a;
        }
        return axis;
    }

    static long IntAttribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? 0;
}
