using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;

namespace Quantize.Torch.Evaluation;

/// <summary>
/// A model cut down to the outputs fidelity measures: those declared of a floating type or not declared at all
/// (checked on the first batch). Integer and boolean outputs (an exporter's predicted label, a mask) are left out
/// with their nodes and any fed input only they read, so an op or a label column behind them never stops a
/// measurement, as <see cref="GraphInterface"/> does for the class scores.
/// </summary>
sealed class MeasuredGraph
{
    MeasuredGraph(ModelProto model, IReadOnlyList<string> outputs, IReadOnlyList<SkippedOutput> skipped)
    {
        Model = model;
        Outputs = outputs;
        Skipped = skipped;
    }

    /// <summary>The model with only the measured outputs, the nodes behind them and the inputs they read.</summary>
    public ModelProto Model { get; }

    /// <summary>The measured outputs in graph order.</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The outputs left out by their declared type.</summary>
    public IReadOnlyList<SkippedOutput> Skipped { get; }

    public static MeasuredGraph Of(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        GraphProto graph = model.Graph ?? throw new OnnxExecutionException("the model has no graph");
        var kept = new List<ValueInfoProto>();
        var skipped = new List<SkippedOutput>();
        foreach (ValueInfoProto output in graph.Output)
        {
            DeclaredValue declared = DeclaredValue.Of(output);
            if (declared.MayBeFloating) kept.Add(output);
            else skipped.Add(new SkippedOutput(output.Name, $"{declared.Description}: not a floating-point output"));
        }
        if (kept.Count == 0)
            throw new IncompatibleModelException(
                $"the model has no floating-point output to compare ({string.Join(", ", skipped.Select(s => $"'{s.Name}' {s.Reason}"))})");

        HashSet<string> read = ReadBehind(graph, kept.Select(o => o.Name));
        // Built from shared parts, not cloned: the initializers may be hundreds of megabytes.
        var cut = new GraphProto { Name = graph.Name };
        cut.Initializer.AddRange(graph.Initializer);
        cut.ValueInfo.AddRange(graph.ValueInfo);
        cut.Output.AddRange(kept);
        cut.Node.AddRange(graph.Node.Where(n => n.Output.Any(read.Contains)));
        var initializers = new HashSet<string>(graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        List<ValueInfoProto> inputs = graph.Input.Where(i => initializers.Contains(i.Name) || read.Contains(i.Name)).ToList();
        // A graph whose measured outputs read no fed input still needs one for the executor to take a batch.
        cut.Input.AddRange(inputs.Any(i => !initializers.Contains(i.Name)) ? inputs : graph.Input);

        var copy = new ModelProto { IrVersion = model.IrVersion, ProducerName = model.ProducerName, Graph = cut };
        copy.OpsetImport.AddRange(model.OpsetImport);
        return new MeasuredGraph(copy, kept.Select(o => o.Name).ToList(), skipped);
    }

    // Every value the outputs depend on, walking back through producers; names read inside a node's subgraphs
    // (If/Loop/Scan bodies read the outer scope) count as read by the node.
    static HashSet<string> ReadBehind(GraphProto graph, IEnumerable<string> outputs)
    {
        var producer = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (NodeProto node in graph.Node)
            foreach (string name in node.Output)
                if (name.Length > 0) producer[name] = node;
        var read = new HashSet<string>(outputs, StringComparer.Ordinal);
        var pending = new Stack<string>(read);
        var visited = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        while (pending.TryPop(out string? name))
        {
            if (!producer.TryGetValue(name, out NodeProto? node) || !visited.Add(node)) continue;
            foreach (string input in NamesRead(node))
                if (input.Length > 0 && read.Add(input)) pending.Push(input);
        }
        return read;
    }

    static IEnumerable<string> NamesRead(NodeProto node)
    {
        foreach (string input in node.Input) yield return input;
        foreach (AttributeProto attribute in node.Attribute)
            foreach (GraphProto body in attribute.G is { } g ? [g, .. attribute.Graphs] : attribute.Graphs)
                foreach (NodeProto inner in body.Node)
                    foreach (string name in NamesRead(inner))
                        yield return name;
    }
}
