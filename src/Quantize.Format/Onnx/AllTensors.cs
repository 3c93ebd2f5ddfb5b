using Quantize.Format.Onnx.Proto;

namespace Quantize.Format.Onnx;

/// <summary>Every TensorProto a model holds in the fields we know: initializers and tensor attributes of all graphs, nested ones included.</summary>
static class AllTensors
{
    public static IEnumerable<TensorProto> Of(GraphProto graph)
    {
        foreach (TensorProto tensor in graph.Initializer) yield return tensor;
        foreach (NodeProto node in graph.Node)
            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.T != null) yield return attribute.T;
                foreach (TensorProto tensor in attribute.Tensors) yield return tensor;
                IEnumerable<GraphProto> subgraphs = attribute.G != null ? attribute.Graphs.Prepend(attribute.G) : attribute.Graphs;
                foreach (GraphProto subgraph in subgraphs)
                    foreach (TensorProto tensor in Of(subgraph)) yield return tensor;
            }
    }
}
