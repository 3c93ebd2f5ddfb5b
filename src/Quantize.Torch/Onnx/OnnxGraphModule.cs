using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using Quantize.Torch.Onnx.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx;

/// <summary>
/// Executes an ONNX graph with TorchSharp. Floating-point initializers become parameters (frozen unless a
/// caller unfreezes them), so the same module serves evaluation, Hessian computation and fine-tuning.
/// Every floating type computes in float32 (float16, bfloat16 and double weights, constants and casts
/// alike), so a half-precision export runs as its float32 counterpart (see docs/onnx.md). Integer tensors
/// (shapes, indices) flow through the graph as tensors like any other value. <see cref="forward"/> runs only
/// the nodes behind the class scores (<see cref="GraphInterface"/>), and runs a graph whose image input declares
/// a fixed batch size that many images at a time. Models that take other inputs (token ids and masks, several
/// tensors) or give other outputs run through <see cref="Forward(ModelBatch)"/> (OnnxGraphModule.Batches.cs).
/// </summary>
public sealed partial class OnnxGraphModule : nn.Module<Tensor, Tensor>
{
    readonly GraphProto graph;
    readonly long opset;
    readonly Dictionary<string, Tensor> constants = new(StringComparer.Ordinal);
    readonly Dictionary<string, Parameter> learned = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> onnxNameOfRegistered = new(StringComparer.Ordinal);
    readonly string[] inputNames;
    readonly string[] outputNames;
    readonly ImageLayout imageLayout;
    readonly GraphInterface scores;
    readonly string imageInput;
    readonly long? fixedBatch;

    public OnnxGraphModule(ModelProto model) : base("OnnxGraph")
    {
        graph = model.Graph;
        opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => (long?)o.Version).FirstOrDefault()
                ?? throw new OnnxExecutionException("the model imports no version of the default ONNX opset");
        scores = GraphInterface.Of(graph);
        // Nodes the scores do not need (an exporter's predicted-label lookup, say) may use ops we lack; Run says so if asked to run them.
        foreach (NodeProto node in scores.ScoreNodes) Operator(node);

        int index = 0;
        foreach (TensorProto initializer in graph.Initializer)
        {
            Tensor value = InitializerTensors.Create(initializer);
            if (value.dtype == ScalarType.Float32)
            {
                var parameter = new Parameter(value, requires_grad: false);
                learned[initializer.Name] = parameter;
                string registered = $"p{index++}";
                onnxNameOfRegistered[registered] = initializer.Name;
                register_parameter(registered, parameter);
            }
            else
            {
                constants[initializer.Name] = value;
            }
        }
        IReadOnlyList<ValueInfoProto> fed = ModelInputs.FedInputs(graph);
        inputNames = fed.Select(i => i.Name).ToArray();
        if (inputNames.Length == 0) throw new OnnxExecutionException("the graph has no input that is not an initializer");
        ValueInfoProto image = fed.FirstOrDefault(i => i.Name == scores.ImageInput) ?? fed[0];
        imageInput = image.Name;
        imageLayout = ImageLayouts.Of(DeclaredValue.Of(image));
        fixedBatch = DeclaredValue.Of(image).Dim(0);
        outputNames = graph.Output.Select(o => o.Name).ToArray();
        primaryNodes = scores.HasClassScores ? scores.ScoreNodes : GraphInterface.NodesFor(graph, scores.PrimaryOutputs);
        declaredInputs = fed.ToDictionary(i => i.Name, DeclaredValue.Of, StringComparer.Ordinal);
    }

    /// <summary>
    /// Values used in place of what a main-graph Constant node makes, by the node's output name (a weight an exporter kept
    /// in a Constant node, as PaddlePaddle's do): lets a caller see how a changed value of such a weight moves the outputs
    /// without rebuilding the module. Empty unless a caller sets it; the caller owns the tensors.
    /// </summary>
    public Dictionary<string, Tensor> ConstantSubstitutes { get; } = new(StringComparer.Ordinal);

    /// <summary>The output names of the main graph's Constant nodes: what <see cref="ConstantSubstitutes"/> can replace.</summary>
    public IReadOnlySet<string> ConstantOutputs => graph.Node.Where(n => n.OpType == "Constant").SelectMany(n => n.Output).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Called after each node with its inputs and first output, e.g. to capture the activations and
    /// pre-activations that per-sample curvature needs. It runs inside forward's dispose scope: tensors to
    /// keep beyond the call must be moved out with MoveToOuterDisposeScope (or detached and cloned).
    /// </summary>
    public Action<NodeProto, Tensor?[], Tensor>? NodeObserver { get; set; }

    /// <summary>The nodes forward runs (those behind the scores), in execution order.</summary>
    public IReadOnlyList<NodeProto> Nodes => scores.ScoreNodes;

    /// <summary>The floating-point initializers (any stored type, held as float32) by their ONNX names, in graph order.</summary>
    public IReadOnlyDictionary<string, Parameter> Initializers => learned;

    /// <summary>The graph inputs a caller feeds (those that are not initializers), in graph order.</summary>
    public IReadOnlyList<string> InputNames => inputNames;

    /// <summary>The graph outputs in graph order.</summary>
    public IReadOnlyList<string> OutputNames => outputNames;

    /// <summary>The input forward feeds: the one the scores read (the first fed input when they read none).</summary>
    public string ImageInput => imageInput;

    /// <summary>The output forward returns (see <see cref="GraphInterface"/>).</summary>
    public string ScoreOutput => scores.ScoreOutput;

    /// <summary>The batch size the image input declares, when it is a fixed number rather than symbolic.</summary>
    public long? FixedBatch => fixedBatch;

    /// <summary>The default-domain opset the model imports, which fixes the semantics of several ops.</summary>
    public long Opset => opset;

    /// <summary>How forward lays out N×1×H×W image batches for the first input, from its declared shape.</summary>
    public ImageLayout ImageLayout => imageLayout;

    /// <summary>
    /// Runs the nodes behind <see cref="ScoreOutput"/> on <see cref="ImageInput"/> and returns the scores. An N×1×H×W
    /// image batch is first put in the layout the input declares (<see cref="ImageLayout"/>), e.g. flattened for an
    /// input of rank 2. With a <see cref="FixedBatch"/> B and N ≠ B, the graph runs B images at a time.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor images = imageLayout.Apply(input);
        Tensor result = fixedBatch is long b && images.shape[0] != b ? InFixedBatches(images, b) : Scores(images);
        return result.MoveToOuterDisposeScope();
    }

    Tensor Scores(Tensor images) =>
        Output(Execute(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [imageInput] = images }, scores.ScoreNodes), scores.ScoreOutput);

    // Exports traced at batch 1 often hard-code it (a Reshape to [1,800]). A short last chunk is padded with zero
    // images and their scores dropped: samples do not mix in an inference graph, so the padding changes nothing
    // else, and its gradients are zero.
    Tensor InFixedBatches(Tensor images, long batch)
    {
        long count = images.shape[0];
        if (NodeObserver != null && count > batch)
            throw new OnnxExecutionException($"the model's input '{imageInput}' takes batches of exactly {batch}; a pass watched node by node must not be larger");
        var parts = new List<Tensor>();
        for (long start = 0; start < count; start += batch)
        {
            long size = Math.Min(batch, count - start);
            Tensor chunk = images.narrow(0, start, size);
            if (size < batch)
                chunk = cat([chunk, zeros([batch - size, .. chunk.shape[1..]], chunk.dtype, chunk.device)], 0);
            Tensor result = Scores(chunk);
            parts.Add(size < batch ? result.narrow(0, 0, size) : result);
        }
        return cat(parts, 0);
    }

    /// <summary>Runs the graph on named inputs (every entry of <see cref="InputNames"/>) and returns all outputs in graph order.</summary>
    public Tensor[] Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        using var scope = NewDisposeScope();
        foreach (string name in inputs.Keys)
            if (!inputNames.Contains(name)) throw new OnnxExecutionException($"the graph has no input '{name}' (inputs: {string.Join(", ", inputNames)})");
        foreach (string name in inputNames)
            if (!inputs.ContainsKey(name)) throw new OnnxExecutionException($"the graph input '{name}' was not given");
        Dictionary<string, Tensor> values = Execute(new Dictionary<string, Tensor>(inputs, StringComparer.Ordinal), graph.Node);
        return outputNames.Select(name => Output(values, name).MoveToOuterDisposeScope()).ToArray();
    }

    Dictionary<string, Tensor> Execute(Dictionary<string, Tensor> values, IEnumerable<NodeProto> nodes)
    {
        Device device = values.Count > 0 ? values.Values.First().device : CPU;
        foreach (NodeProto node in nodes)
        {
            var inputs = new Tensor?[node.Input.Count];
            for (int i = 0; i < inputs.Length; i++)
            {
                string name = node.Input[i];
                if (name.Length == 0) continue;
                inputs[i] = Lookup(name) ?? (values.TryGetValue(name, out Tensor? v) ? v : null)
                            ?? throw new OnnxExecutionException($"{node.OpType} node '{node.Name}' reads '{name}', which nothing produced");
            }
            var context = new OnnxNode(node, inputs, opset, device) { Subgraph = (graph, bound) => RunSubgraph(graph, bound, values, device) };
            Tensor[] results = Operator(node)(context);
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i].Length == 0) continue;
                if (i >= results.Length) throw context.Error($"output {i} ('{node.Output[i]}') is not produced by this op");
                values[node.Output[i]] = node.OpType == "Constant" && ConstantSubstitutes.TryGetValue(node.Output[i], out Tensor? substitute)
                    ? substitute.to(results[i].device) : results[i];
            }
            NodeObserver?.Invoke(node, inputs, results[0]);
        }
        return values;
    }

    // A branch sees every value of the enclosing scope; its own initializers are constants, as documented for
    // subgraph weights (docs/onnx.md). Values it makes stay in its own scope. A Loop or Scan body's declared inputs
    // (iteration number, condition, carried state, scan slices) are bound by position and shadow outer names.
    Tensor[] RunSubgraph(GraphProto subgraph, IReadOnlyList<Tensor> bound, Dictionary<string, Tensor> outer, Device device)
    {
        if (bound.Count != subgraph.Input.Count)
            throw new OnnxExecutionException($"subgraph '{subgraph.Name}' declares {subgraph.Input.Count} inputs and is given {bound.Count}");
        var scope = new Dictionary<string, Tensor>(outer, StringComparer.Ordinal);
        foreach (TensorProto initializer in subgraph.Initializer) scope[initializer.Name] = InitializerTensors.Create(initializer).to(device);
        for (int i = 0; i < bound.Count; i++) scope[subgraph.Input[i].Name] = bound[i];
        Execute(scope, subgraph.Node);
        return subgraph.Output.Select(o => Output(scope, o.Name)).ToArray();
    }

    static Func<OnnxNode, Tensor[]> Operator(NodeProto node) =>
        OnnxOperatorSet.Find(node.Domain, node.OpType) ?? throw new OnnxExecutionException(
            $"unsupported op {(string.IsNullOrEmpty(node.Domain) ? "" : node.Domain + ".")}{node.OpType} in node '{(string.IsNullOrEmpty(node.Name) ? node.Output.FirstOrDefault() : node.Name)}' (supported: {string.Join(", ", OnnxOperatorSet.Supported.Order())})");

    /// <summary>The ONNX initializer behind a name of <c>named_parameters()</c> (parameters register as p0, p1, ... in graph order).</summary>
    public string OnnxNameOf(string registeredName) =>
        onnxNameOfRegistered.TryGetValue(registeredName, out string? name) ? name
            : throw new ArgumentException($"'{registeredName}' is not a parameter of this graph", nameof(registeredName));

    Tensor Output(Dictionary<string, Tensor> values, string name) =>
        Lookup(name) ?? (values.TryGetValue(name, out Tensor? output) ? output : null)
        ?? throw new OnnxExecutionException($"no node produced the graph output '{name}'");

    Tensor? Lookup(string name) =>
        learned.TryGetValue(name, out Parameter? p) ? p : constants.TryGetValue(name, out Tensor? c) ? c : null;

    // Moving to another device replaces every parameter with a new object; point Initializers at the live ones.
    // (Non-float constants stay on the CPU: ops read shapes and indices from them as plain numbers.)
    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        base._toEpilog(dtype, device, non_blocking);
        foreach ((string registered, Parameter parameter) in named_parameters(recurse: false))
            learned[onnxNameOfRegistered[registered]] = parameter;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (Tensor constant in constants.Values) constant.Dispose();
        base.Dispose(disposing);
    }
}
