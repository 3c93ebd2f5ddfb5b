using Quantize.Format.Onnx.Proto;

namespace Quantize.Torch.Onnx;

/// <summary>
/// Which graph output holds the class scores, which nodes compute it and which fed inputs it reads. Exporters
/// such as ML.NET add outputs (a predicted label, passthrough columns) and inputs (a label column) that the
/// scores do not need; the executor runs only the nodes behind the scores, so those are never fed or run.
/// The choice depends on the graph alone, so <see cref="ModelInputs.Check"/> and <see cref="OnnxGraphModule"/>
/// agree on it; the dataset only decides whether the chosen input and output fit.
/// </summary>
public sealed record GraphInterface(string ScoreOutput, IReadOnlyList<NodeProto> ScoreNodes, IReadOnlyList<string> ScoreInputs)
{
    static readonly string[] ScoreWords = ["score", "logit", "prob"];

    /// <summary>The fed input the scores read (the images), or null when they read none.</summary>
    public string? ImageInput => ScoreInputs.Count > 0 ? ScoreInputs[0] : null;

    /// <summary>
    /// Whether <see cref="ScoreOutput"/> can be class scores ([N,C] floating with C ≥ 2, or undeclared). When it
    /// cannot (an encoder's [N,T,H] hidden states, a detector's maps), the graph has no class scores and every
    /// output is primary (<see cref="PrimaryOutputs"/>).
    /// </summary>
    public bool HasClassScores { get; init; }

    /// <summary>
    /// The outputs a batch of named inputs is run for, and that Hessians, distillation and fidelity compare: the
    /// class scores when the graph has them, else every graph output of a floating type, in graph order.
    /// </summary>
    public IReadOnlyList<string> PrimaryOutputs { get; init; } = [];

    public static GraphInterface Of(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.Output.Count == 0) throw new OnnxExecutionException("the graph has no output");
        string score = ScoreOutputOf(graph);
        (List<NodeProto> nodes, HashSet<string> read) = NodesBehind(graph, score);
        List<string> inputs = ModelInputs.FedInputs(graph).Select(i => i.Name).Where(read.Contains).ToList();
        bool classScores = IsClassScores(graph, score);
        IReadOnlyList<string> primary = classScores
            ? [score]
            : graph.Output.Select(DeclaredValue.Of).Where(o => o.MayBeFloating).Select(o => o.Name).DefaultIfEmpty(score).ToList();
        return new GraphInterface(score, nodes, inputs) { HasClassScores = classScores, PrimaryOutputs = primary };
    }

    /// <summary>The nodes, in graph order, that compute the given outputs.</summary>
    public static IReadOnlyList<NodeProto> NodesFor(GraphProto graph, IEnumerable<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var needed = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (string output in outputs)
            foreach (NodeProto node in NodesBehind(graph, output).Nodes) needed.Add(node);
        return graph.Node.Where(needed.Contains).ToList();
    }

    /// <summary>
    /// The first output that can be class scores ([N,C] of a floating type with C ≥ 2, or undeclared), preferring one
    /// named like scores, logits or probabilities; the first output when none can.
    /// </summary>
    static string ScoreOutputOf(GraphProto graph)
    {
        List<DeclaredValue> candidates = graph.Output.Select(DeclaredValue.Of).Where(CanBeScores).ToList();
        DeclaredValue? named = candidates.FirstOrDefault(o => ScoreWords.Any(w => o.Name.Contains(w, StringComparison.OrdinalIgnoreCase)));
        return (named ?? candidates.FirstOrDefault())?.Name ?? graph.Output[0].Name;
    }

    // The chosen output is class scores when it can be and either is named so or stands among outputs that all
    // can be: a BERT export's [N,H] pooler beside its [N,T,H] states is an embedding, not scores.
    static bool IsClassScores(GraphProto graph, string score)
    {
        DeclaredValue chosen = DeclaredValue.Of(graph.Output.First(o => o.Name == score));
        if (!CanBeScores(chosen)) return false;
        if (ScoreWords.Any(w => score.Contains(w, StringComparison.OrdinalIgnoreCase))) return true;
        return graph.Output.Select(DeclaredValue.Of).Where(o => o.MayBeFloating).All(CanBeScores);
    }

    static bool CanBeScores(DeclaredValue output) =>
        output.MayBeFloating && (output.Rank == null || (output.Rank == 2 && (output.Dim(1) ?? 2) >= 2));

    // Walks back from the output through the nodes that produce what it reads; returns them in graph order
    // with every value name they read.
    static (List<NodeProto> Nodes, HashSet<string> Read) NodesBehind(GraphProto graph, string output)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Node.Count; i++)
            foreach (string name in graph.Node[i].Output)
                if (name.Length > 0) producer[name] = i;
        var needed = new bool[graph.Node.Count];
        var read = new HashSet<string>(StringComparer.Ordinal) { output };
        var pending = new Stack<string>([output]);
        while (pending.TryPop(out string? name))
        {
            if (!producer.TryGetValue(name, out int i) || needed[i]) continue;
            needed[i] = true;
            foreach (string input in SubgraphReads.AllInputs(graph.Node[i]))
                if (read.Add(input)) pending.Push(input);
        }
        return (graph.Node.Where((_, i) => needed[i]).ToList(), read);
    }
}
