using Quantize.Format.Onnx.Proto;
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
/// (shapes, indices) flow through the graph as tensors like any other value.
/// </summary>
public sealed class OnnxGraphModule : nn.Module<Tensor, Tensor>
{
    readonly GraphProto graph;
    readonly long opset;
    readonly Dictionary<string, Tensor> constants = new(StringComparer.Ordinal);
    readonly Dictionary<string, Parameter> learned = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> onnxNameOfRegistered = new(StringComparer.Ordinal);
    readonly string[] inputNames;
    readonly string[] outputNames;
    readonly ImageLayout imageLayout;

    public OnnxGraphModule(ModelProto model) : base("OnnxGraph")
    {
        graph = model.Graph;
        opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => (long?)o.Version).FirstOrDefault()
                ?? throw new OnnxExecutionException("the model imports no version of the default ONNX opset");
        foreach (NodeProto node in graph.Node)
            if (OnnxOperatorSet.Find(node.Domain, node.OpType) == null)
                throw new OnnxExecutionException(
                    $"unsupported op {(string.IsNullOrEmpty(node.Domain) ? "" : node.Domain + ".")}{node.OpType} in node '{(string.IsNullOrEmpty(node.Name) ? node.Output.FirstOrDefault() : node.Name)}' (supported: {string.Join(", ", OnnxOperatorSet.Supported.Order())})");

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
        imageLayout = ImageLayouts.Of(DeclaredValue.Of(fed[0]));
        outputNames = graph.Output.Select(o => o.Name).ToArray();
        if (outputNames.Length == 0) throw new OnnxExecutionException("the graph has no output");
    }

    /// <summary>
    /// Called after each node with its inputs and first output, e.g. to capture the activations and
    /// pre-activations that per-sample curvature needs. It runs inside forward's dispose scope: tensors to
    /// keep beyond the call must be moved out with MoveToOuterDisposeScope (or detached and cloned).
    /// </summary>
    public Action<NodeProto, Tensor?[], Tensor>? NodeObserver { get; set; }

    /// <summary>The graph's nodes in execution order.</summary>
    public IReadOnlyList<NodeProto> Nodes => graph.Node;

    /// <summary>The floating-point initializers (any stored type, held as float32) by their ONNX names, in graph order.</summary>
    public IReadOnlyDictionary<string, Parameter> Initializers => learned;

    /// <summary>The graph inputs a caller feeds (those that are not initializers), in graph order; forward takes the first.</summary>
    public IReadOnlyList<string> InputNames => inputNames;

    /// <summary>The graph outputs in graph order; forward returns the first.</summary>
    public IReadOnlyList<string> OutputNames => outputNames;

    /// <summary>The default-domain opset the model imports, which fixes the semantics of several ops.</summary>
    public long Opset => opset;

    /// <summary>How forward lays out N×1×H×W image batches for the first input, from its declared shape.</summary>
    public ImageLayout ImageLayout => imageLayout;

    /// <summary>
    /// Runs the graph on its first input and returns its first output. An N×1×H×W image batch is first put in
    /// the layout the input declares (<see cref="ImageLayout"/>), e.g. flattened for an input of rank 2.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Dictionary<string, Tensor> values = Execute(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [inputNames[0]] = imageLayout.Apply(input) });
        return Output(values, outputNames[0]).MoveToOuterDisposeScope();
    }

    /// <summary>Runs the graph on named inputs (every entry of <see cref="InputNames"/>) and returns all outputs in graph order.</summary>
    public Tensor[] Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        using var scope = NewDisposeScope();
        foreach (string name in inputs.Keys)
            if (!inputNames.Contains(name)) throw new OnnxExecutionException($"the graph has no input '{name}' (inputs: {string.Join(", ", inputNames)})");
        Dictionary<string, Tensor> values = Execute(new Dictionary<string, Tensor>(inputs, StringComparer.Ordinal));
        return outputNames.Select(name => Output(values, name).MoveToOuterDisposeScope()).ToArray();
    }

    Dictionary<string, Tensor> Execute(Dictionary<string, Tensor> values)
    {
        foreach (string name in inputNames)
            if (!values.ContainsKey(name)) throw new OnnxExecutionException($"the graph input '{name}' was not given");
        Device device = values[inputNames[0]].device;
        foreach (NodeProto node in graph.Node)
        {
            var inputs = new Tensor?[node.Input.Count];
            for (int i = 0; i < inputs.Length; i++)
            {
                string name = node.Input[i];
                if (name.Length == 0) continue;
                inputs[i] = Lookup(name) ?? (values.TryGetValue(name, out Tensor? v) ? v : null)
                            ?? throw new OnnxExecutionException($"{node.OpType} node '{node.Name}' reads '{name}', which nothing produced");
            }
            var context = new OnnxNode(node, inputs, opset, device);
            Tensor[] results = OnnxOperatorSet.Find(node.Domain, node.OpType)!(context);
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i].Length == 0) continue;
                if (i >= results.Length) throw context.Error($"output {i} ('{node.Output[i]}') is not produced by this op");
                values[node.Output[i]] = results[i];
            }
            NodeObserver?.Invoke(node, inputs, results[0]);
        }
        return values;
    }

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
