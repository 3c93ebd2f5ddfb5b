using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using Quantize.Torch.Onnx.Ops;
using TorchSharp.Modules;

namespace Quantize.Torch.Hessian.PerSample;

/// <summary>
/// Decides, once per model, which parameters get their per-sample squared gradients in closed form from
/// a Conv or Gemm node, and which need the exact but slow per-sample loop.
/// </summary>
sealed class FastPathPlan
{
    FastPathPlan(IReadOnlyList<FastPathNode> nodes, IReadOnlyList<string> perSample)
    {
        Nodes = nodes;
        PerSample = perSample;
    }

    public IReadOnlyList<FastPathNode> Nodes { get; }

    /// <summary>Parameters (by name, graph order) for the per-sample loop. Parameters no node reads are in neither list: their curvature is zero.</summary>
    public IReadOnlyList<string> PerSample { get; }

    /// <param name="fastPaths">False sends every parameter through the per-sample loop (the reference the tests check the fast paths against).</param>
    /// <param name="nodes">The nodes a forward pass runs.</param>
    public static FastPathPlan For(OnnxGraphModule model, IReadOnlyList<NodeProto> nodes, bool fastPaths)
    {
        IReadOnlyDictionary<string, Parameter> parameters = model.Initializers;
        // A parameter read by two inputs (tied weights) has a per-sample gradient that is the sum of both
        // contributions; squaring each node's share separately would be wrong, so such parameters take the loop.
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (NodeProto node in nodes)
            foreach (string input in SubgraphReads.AllInputs(node))
                if (parameters.ContainsKey(input)) uses[input] = uses.GetValueOrDefault(input) + 1;

        var fast = new List<FastPathNode>();
        if (fastPaths)
        {
            foreach (NodeProto node in nodes)
            {
                FastPathNode? path = node.OpType switch
                {
                    "Gemm" => Gemm(node, parameters, uses),
                    "Conv" => Conv(node, parameters, uses),
                    _ => null,
                };
                if (path is { Weight: not null } or { Bias: not null }) fast.Add(path);
            }
        }
        var covered = new HashSet<string>(fast.SelectMany(n => new[] { n.Weight, n.Bias }).OfType<string>(), StringComparer.Ordinal);
        string[] perSample = parameters.Keys.Where(name => uses.ContainsKey(name) && !covered.Contains(name)).ToArray();
        return new FastPathPlan(fast, perSample);
    }

    static FastPathNode? Gemm(NodeProto node, IReadOnlyDictionary<string, Parameter> parameters, Dictionary<string, int> uses)
    {
        var attributes = new NodeAttributes(node);
        // With transA the batch is not the first dimension of A; a parameter as A is not per-sample data.
        if (attributes.Int("transA", 0) != 0 || parameters.ContainsKey(node.Input[0])) return null;
        string? weight = Sole(node, 1, parameters, uses) is { } b && parameters[b].dim() == 2 ? b : null;
        string? bias = Sole(node, 2, parameters, uses) is { } c && IsRowBias(parameters[c]) ? c : null;
        return new FastPathNode(node, weight, bias);
    }

    static FastPathNode? Conv(NodeProto node, IReadOnlyDictionary<string, Parameter> parameters, Dictionary<string, int> uses)
    {
        var attributes = new NodeAttributes(node);
        if (parameters.ContainsKey(node.Input[0]) || attributes.Int("group", 1) != 1 || attributes.String("auto_pad", "NOTSET") != "NOTSET")
            return null;
        // The closed form unfolds the input with the conv's own geometry: 2-D kernels, symmetric pads.
        if (node.Input.Count < 2 || !parameters.TryGetValue(node.Input[1], out Parameter? kernel) || kernel.dim() != 4) return null;
        if (attributes.Ints("pads") is { } pads && (pads.Length != 4 || pads[0] != pads[2] || pads[1] != pads[3])) return null;
        string? weight = Sole(node, 1, parameters, uses);
        string? bias = Sole(node, 2, parameters, uses) is { } c && parameters[c].dim() == 1 ? c : null;
        return new FastPathNode(node, weight, bias);
    }

    // The name of the node's input at index when it is a parameter no other input reads.
    static string? Sole(NodeProto node, int index, IReadOnlyDictionary<string, Parameter> parameters, Dictionary<string, int> uses) =>
        index < node.Input.Count && parameters.ContainsKey(node.Input[index]) && uses[node.Input[index]] == 1 ? node.Input[index] : null;

    // Gemm's C as one value per output ([out] or [1, out]) or one value for all (a single element).
    static bool IsRowBias(Parameter c) => c.numel() == 1 || c.dim() == 1 || (c.dim() == 2 && c.shape[0] == 1);
}
