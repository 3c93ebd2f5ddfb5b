using Quantize.Format.Onnx.Proto;

namespace Quantize.Torch.Onnx;

/// <summary>
/// The names a node's subgraphs (If branches, Loop bodies) read, at any depth: values of the outer scope they use
/// without listing them as inputs. Walks that find what a node depends on must add these to its inputs. Names the
/// subgraphs produce themselves are included too; matching no outer value, they add nothing.
/// </summary>
public static class SubgraphReads
{
    public static IEnumerable<string> Of(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (AttributeProto attribute in node.Attribute)
        {
            IEnumerable<GraphProto> graphs = attribute.G is { } g ? [g, .. attribute.Graphs] : attribute.Graphs;
            foreach (GraphProto graph in graphs)
                foreach (NodeProto inner in graph.Node)
                {
                    foreach (string name in inner.Input)
                        if (name.Length > 0) yield return name;
                    foreach (string name in Of(inner)) yield return name;
                }
        }
    }

    /// <summary>A node's explicit inputs followed by what its subgraphs read.</summary>
    public static IEnumerable<string> AllInputs(NodeProto node) => node.Input.Where(n => n.Length > 0).Concat(Of(node));
}
