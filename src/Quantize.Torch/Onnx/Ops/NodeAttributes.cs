using Quantize.Format.Onnx.Proto;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Typed access to a node's attributes, with the ONNX defaults supplied by the caller.</summary>
public sealed class NodeAttributes(NodeProto node)
{
    readonly Dictionary<string, AttributeProto> byName = Index(node);

    // A repeated attribute name is invalid ONNX; the first one wins rather than failing deep inside execution.
    static Dictionary<string, AttributeProto> Index(NodeProto node)
    {
        var byName = new Dictionary<string, AttributeProto>(StringComparer.Ordinal);
        foreach (AttributeProto attribute in node.Attribute) byName.TryAdd(attribute.Name, attribute);
        return byName;
    }

    public long Int(string name, long fallback) => byName.TryGetValue(name, out AttributeProto? a) ? a.I : fallback;

    public float Float(string name, float fallback) => byName.TryGetValue(name, out AttributeProto? a) ? a.F : fallback;

    public string String(string name, string fallback) =>
        byName.TryGetValue(name, out AttributeProto? a) ? a.S.ToStringUtf8() : fallback;

    public long[]? Ints(string name) => byName.TryGetValue(name, out AttributeProto? a) ? a.Ints.ToArray() : null;

    public float[]? Floats(string name) => byName.TryGetValue(name, out AttributeProto? a) ? a.Floats.ToArray() : null;

    public TensorProto? Tensor(string name) => byName.TryGetValue(name, out AttributeProto? a) ? a.T : null;

    public GraphProto? Graph(string name) => byName.TryGetValue(name, out AttributeProto? a) ? a.G : null;

    public bool Has(string name) => byName.ContainsKey(name);

    public IEnumerable<string> Names => byName.Keys;
}
