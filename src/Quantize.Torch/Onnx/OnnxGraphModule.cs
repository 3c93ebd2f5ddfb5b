using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx;

/// <summary>
/// Executes an ONNX graph with TorchSharp. Float initializers become parameters (frozen unless a caller
/// unfreezes them), so the same module serves evaluation, Hessian computation and fine-tuning.
/// </summary>
public sealed class OnnxGraphModule : nn.Module<Tensor, Tensor>
{
    readonly GraphProto graph;
    readonly Dictionary<string, Tensor> constants = new(StringComparer.Ordinal);
    readonly Dictionary<string, Parameter> learned = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> onnxNameOfRegistered = new(StringComparer.Ordinal);
    readonly string inputName;
    readonly string outputName;

    public OnnxGraphModule(ModelProto model) : base("OnnxGraph")
    {
        graph = model.Graph;
        foreach (NodeProto node in graph.Node)
            if (OnnxOperatorSet.Find(node.Domain, node.OpType) == null)
                throw new OnnxExecutionException(
                    $"unsupported op {node.OpType} in node '{(string.IsNullOrEmpty(node.Name) ? node.Output.FirstOrDefault() : node.Name)}' (supported: {string.Join(", ", OnnxOperatorSet.Supported.Order())})");

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
        var initializerNames = new HashSet<string>(graph.Initializer.Select(i => i.Name), StringComparer.Ordinal);
        inputName = graph.Input.Select(i => i.Name).FirstOrDefault(n => !initializerNames.Contains(n))
                    ?? throw new OnnxExecutionException("the graph has no input that is not an initializer");
        outputName = graph.Output.FirstOrDefault()?.Name ?? throw new OnnxExecutionException("the graph has no output");
    }

    /// <summary>
    /// Called after each node with its inputs and first output, e.g. to capture the activations and
    /// pre-activations that per-sample curvature needs. It runs inside forward's dispose scope: tensors to
    /// keep beyond the call must be moved out with MoveToOuterDisposeScope (or detached and cloned).
    /// </summary>
    public Action<NodeProto, Tensor?[], Tensor>? NodeObserver { get; set; }

    /// <summary>The graph's nodes in execution order.</summary>
    public IReadOnlyList<NodeProto> Nodes => graph.Node;

    /// <summary>The float initializers by their ONNX names, in graph order.</summary>
    public IReadOnlyDictionary<string, Parameter> Initializers => learned;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [inputName] = input };
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
            var context = new OnnxNode(node, inputs);
            Tensor result = OnnxOperatorSet.Find(node.Domain, node.OpType)!(context);
            values[node.Output[0]] = result;
            NodeObserver?.Invoke(node, inputs, result);
        }
        if (!values.TryGetValue(outputName, out Tensor? output))
            throw new OnnxExecutionException($"no node produced the graph output '{outputName}'");
        return output.MoveToOuterDisposeScope();
    }

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
