using Quantize.Format.Onnx.Proto;

namespace Quantize.Torch.Probing;

/// <summary>
/// The graph outputs that are probabilities: produced by a Sigmoid or Softmax, through operators that only move, cast,
/// pick or average values (Identity, Cast, Reshape, Squeeze, Unsqueeze, Flatten, Slice, Gather, Concat, ReduceMean) or an
/// If whose branches all do. The probe measures them as logits (<see cref="OutputSensitivity"/>): the relative error of a
/// probability near 0 is hypersensitive (a voice detector's 0.02 on noise moving to 0.021 is a 5% error that no
/// threshold sees), while a logit's error weighs a change by what it does to a decision.
/// </summary>
public static class ProbabilityOutputs
{
    /// <summary>Views before a Sigmoid or Softmax followed back from an output.</summary>
    const int MaxDepth = 8;

    static readonly HashSet<string> Views = new(StringComparer.Ordinal)
        { "Identity", "Cast", "Reshape", "Squeeze", "Unsqueeze", "Flatten", "Slice", "Gather", "Concat", "ReduceMean" };

    public static HashSet<string> Of(GraphProto graph) =>
        graph.Output.Select(o => o.Name).Where(name => IsProbability([graph], name, MaxDepth)).ToHashSet(StringComparer.Ordinal);

    // `scopes`: the graph the value is read in, then the graphs around it (a branch reads its enclosing graphs' values).
    static bool IsProbability(IReadOnlyList<GraphProto> scopes, string value, int depth)
    {
        if (depth < 0) return false;
        NodeProto? producer = scopes.Select(g => g.Node.FirstOrDefault(n => n.Output.Contains(value))).FirstOrDefault(n => n != null);
        if (producer == null || producer.Domain is not ("" or "ai.onnx")) return false;
        if (producer.OpType is "Sigmoid" or "Softmax") return true;
        if (producer.OpType == "If")
        {
            int index = producer.Output.IndexOf(value);
            var branches = producer.Attribute.Where(a => a.G != null).Select(a => a.G).ToList();
            return branches.Count == 2 && branches.All(b => index < b.Output.Count && IsProbability([b, .. scopes], b.Output[index].Name, depth - 1));
        }
        if (!Views.Contains(producer.OpType)) return false;
        // Every floating input of a view must be a probability (Concat's parts); index inputs (Gather's, Slice's) are not floats.
        var sources = producer.OpType is "Concat" ? producer.Input.Where(i => i.Length > 0).ToList() : [producer.Input[0]];
        return sources.All(s => IsProbability(scopes, s, depth - 1));
    }
}
