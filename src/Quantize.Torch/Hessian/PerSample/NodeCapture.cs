using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Onnx;
using static TorchSharp.torch;

namespace Quantize.Torch.Hessian.PerSample;

/// <summary>
/// Keeps, during one forward pass, the input activation and the output of each fast-path node: the
/// output stays in the autograd graph (the gradient is taken with respect to it), the activation is
/// detached (only its values are needed).
/// </summary>
sealed class NodeCapture(IReadOnlyList<FastPathNode> nodes) : IDisposable
{
    // By reference: protobuf messages compare by value, which costs a deep walk per lookup.
    readonly Dictionary<NodeProto, int> index = nodes
        .Select((node, i) => (node.Node, i))
        .ToDictionary(p => p.Node, p => p.i, (IEqualityComparer<NodeProto>)ReferenceEqualityComparer.Instance);
    readonly Tensor?[] activations = new Tensor?[nodes.Count];
    readonly Tensor?[] outputs = new Tensor?[nodes.Count];

    /// <summary>Runs the model with the capture installed as its node observer, restoring the previous observer after.</summary>
    public Tensor Forward(OnnxGraphModule model, HessianBatch batch)
    {
        Action<NodeProto, Tensor?[], Tensor>? previous = model.NodeObserver;
        model.NodeObserver = Observe;
        try
        {
            return batch.Forward(model);
        }
        finally
        {
            model.NodeObserver = previous;
        }
    }

    public Tensor Activation(int node) => activations[node] ?? throw Missing(node);

    public Tensor Output(int node) => outputs[node] ?? throw Missing(node);

    public IReadOnlyList<Tensor> Outputs => Enumerable.Range(0, outputs.Length).Select(Output).ToArray();

    /// <summary>Releases the captured tensors (and with them the batch's autograd graph).</summary>
    public void Clear()
    {
        for (int i = 0; i < outputs.Length; i++)
        {
            activations[i]?.Dispose();
            outputs[i]?.Dispose();
            activations[i] = outputs[i] = null;
        }
    }

    public void Dispose() => Clear();

    // Inside forward's dispose scope: both tensors leave every scope and are disposed by Clear. The
    // output is kept as the very object the graph holds (an alias would be a different autograd node),
    // so when it is the graph's output, forward's own MoveToOuterDisposeScope finds no scope and leaves it be.
    void Observe(NodeProto node, Tensor?[] inputs, Tensor output)
    {
        if (!index.TryGetValue(node, out int i)) return;
        activations[i]?.Dispose();
        activations[i] = inputs[0]!.detach().DetachFromDisposeScope();
        outputs[i] = output.DetachFromDisposeScope();
    }

    InvalidOperationException Missing(int node) =>
        new($"{nodes[node].Node.OpType} node '{nodes[node].Node.Name}' did not run in the forward pass");
}
