using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>
/// Finds every stored tensor of a model: initializers and Constant-node values of the main graph and,
/// recursively, of the subgraphs held in node attributes (If branches, Loop and Scan bodies). The order
/// is fixed by the file (per graph: initializers, then nodes in order, each node's subgraphs after its
/// own Constant value), so the same model always yields the same list.
/// </summary>
public static class ModelTensors
{
    public static IReadOnlyList<TensorSite> Find(ModelProto model)
    {
        var sites = new List<TensorSite>();
        Visit(model.Graph, "", sites);
        var seen = new Dictionary<string, TensorSite>(StringComparer.Ordinal);
        foreach (TensorSite site in sites)
        {
            if (seen.TryAdd(site.Identity, site)) continue;
            bool bothInitializers = site.Origin == TensorOrigin.Initializer && seen[site.Identity].Origin == TensorOrigin.Initializer;
            throw new OnnxFormatException(bothInitializers && site.Graph.Length == 0
                ? $"the graph has two initializers named '{site.Tensor.Name}'"
                : $"two tensors of the model have the identity '{site.Identity}' (duplicate value or node names)");
        }
        return sites;
    }

    /// <summary>The floating-point tensors by identity: the ones a container may name.</summary>
    public static Dictionary<string, TensorSite> FloatingByIdentity(ModelProto model) =>
        Find(model).Where(s => TensorData.IsFloating(s.Tensor)).ToDictionary(s => s.Identity, StringComparer.Ordinal);

    static void Visit(GraphProto graph, string path, List<TensorSite> sites)
    {
        string prefix = path.Length == 0 ? "" : path + "/";
        Dictionary<string, ValueUses> uses = GraphUses.Of(graph);
        foreach (TensorProto tensor in graph.Initializer)
            sites.Add(Site(prefix + tensor.Name, path, TensorOrigin.Initializer, tensor, uses.GetValueOrDefault(tensor.Name)));

        string[] keys = NodeKeys(graph);
        for (int i = 0; i < graph.Node.Count; i++)
        {
            NodeProto node = graph.Node[i];
            if (ConstantValue(node) is { } value)
                sites.Add(Site(prefix + node.Output[0], path, TensorOrigin.ConstantNode, value, uses.GetValueOrDefault(node.Output[0])));
            foreach (AttributeProto attribute in node.Attribute)
            {
                string attributePath = $"{prefix}{keys[i]}/{attribute.Name}";
                if (attribute.G != null) Visit(attribute.G, attributePath, sites);
                for (int g = 0; g < attribute.Graphs.Count; g++) Visit(attribute.Graphs[g], $"{attributePath}[{g}]", sites);
            }
        }
    }

    static TensorSite Site(string identity, string graph, TensorOrigin origin, TensorProto tensor, ValueUses uses) =>
        new(identity, graph, origin, tensor, LearnedParameterRule.IsLearned(tensor, origin, uses));

    /// <summary>The tensor of a Constant node's <c>value</c> attribute (the other forms hold scalars, lists or sparse data).</summary>
    static TensorProto? ConstantValue(NodeProto node)
    {
        if (node.OpType != "Constant" || node.Domain is not ("" or "ai.onnx") || node.Output.Count != 1 || node.Output[0].Length == 0) return null;
        return node.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
    }

    /// <summary>A node's name where it is set and unique in its graph, else its op type and index (If#3).</summary>
    internal static string[] NodeKeys(GraphProto graph)
    {
        var counts = graph.Node.Where(n => n.Name.Length > 0).GroupBy(n => n.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var keys = new string[graph.Node.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            NodeProto node = graph.Node[i];
            keys[i] = node.Name.Length > 0 && counts[node.Name] == 1 ? node.Name : $"{node.OpType}#{i}";
        }
        return keys;
    }
}
