using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>Counts how the nodes of a graph read each value name, including nodes of nested subgraphs (which see outer values).</summary>
static class GraphUses
{
    public static Dictionary<string, ValueUses> Of(GraphProto graph)
    {
        var uses = new Dictionary<string, ValueUses>(StringComparer.Ordinal);
        Count(graph, uses);
        return uses;
    }

    static void Count(GraphProto graph, Dictionary<string, ValueUses> uses)
    {
        foreach (NodeProto node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
            {
                string name = node.Input[i];
                if (name.Length == 0) continue; // an omitted optional input
                uses[name] = uses.GetValueOrDefault(name).Add(LearnedParameterRule.IsConfigurationInput(node, i));
            }
            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G != null) Count(attribute.G, uses);
                foreach (GraphProto subgraph in attribute.Graphs) Count(subgraph, uses);
            }
        }
    }
}
