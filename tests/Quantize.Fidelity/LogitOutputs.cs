using Quantize.Format.Onnx.Proto;

namespace Quantize.Fidelity;

/// <summary>
/// --logits: each graph output a Sigmoid makes (directly or through reshapes) is joined by that Sigmoid's input as an
/// output of its own, so a score that saturates on synthetic inputs (a wake-word head's, near 0 on noise) is compared
/// before it saturates, where a quantization error is still visible. The probe measures such outputs as logits too
/// (Torch/Probing/ProbabilityOutputs).
/// </summary>
static class LogitOutputs
{
    static readonly HashSet<string> Views = ["Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Transpose"];

    public static ModelProto Expose(ModelProto model)
    {
        ModelProto copy = model.Clone();
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (NodeProto node in copy.Graph.Node)
            foreach (string output in node.Output) producers[output] = node;
        var exposed = copy.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string output in copy.Graph.Output.Select(o => o.Name).ToList())
        {
            NodeProto? node = producers.GetValueOrDefault(output);
            while (node != null && Views.Contains(node.OpType)) node = producers.GetValueOrDefault(node.Input[0]);
            if (node is not { OpType: "Sigmoid" } || !exposed.Add(node.Input[0])) continue;
            copy.Graph.Output.Add(new ValueInfoProto
            {
                Name = node.Input[0],
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }
        return copy;
    }
}
