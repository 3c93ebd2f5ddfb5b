using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// One node during execution: its proto, attributes, resolved input tensors (null for an omitted
/// optional input), the graph's opset (several ops moved attributes to inputs across opsets) and the
/// device of the graph input, where tensors the op creates from nothing belong.
/// </summary>
public sealed class OnnxNode(NodeProto proto, Tensor?[] inputs, long opset, Device device)
{
    public NodeProto Proto { get; } = proto;

    public NodeAttributes Attributes { get; } = new(proto);

    public Tensor?[] Inputs { get; } = inputs;

    public long Opset { get; } = opset;

    public Device Device { get; } = device;

    /// <summary>
    /// Runs a subgraph of this node (an If branch, a Loop or Scan body) in the current scope, its declared inputs bound in
    /// order to the given tensors, and returns its outputs; set by the executor.
    /// </summary>
    public Func<GraphProto, IReadOnlyList<Tensor>, Tensor[]>? Subgraph { get; init; }

    public string Description => $"{Proto.OpType} node '{(string.IsNullOrEmpty(Proto.Name) ? Proto.Output.FirstOrDefault() : Proto.Name)}'";

    public Tensor Input(int index) =>
        index < Inputs.Length && Inputs[index] is { } tensor ? tensor : throw Error($"needs input {index}");

    public Tensor? OptionalInput(int index) => index < Inputs.Length ? Inputs[index] : null;

    /// <summary>An integer input (shape, axes, indices) as values; null when omitted.</summary>
    public long[]? OptionalLongs(int index) => OptionalInput(index) is { } t ? ReadLongs(t, index) : null;

    public long[] Longs(int index) => ReadLongs(Input(index), index);

    /// <summary>
    /// A list that was an attribute before <paramref name="inputSinceOpset"/> and an input from then on
    /// (axes of Squeeze, Unsqueeze, ReduceMean; split of Split).
    /// </summary>
    public long[]? AttributeOrInput(string name, int inputIndex, long inputSinceOpset) =>
        Opset >= inputSinceOpset ? OptionalLongs(inputIndex) : Attributes.Ints(name);

    public OnnxExecutionException Error(string problem) => new($"{Description}: {problem}");

    long[] ReadLongs(Tensor tensor, int index)
    {
        if (tensor.dtype is not (ScalarType.Int64 or ScalarType.Int32)) throw Error($"input {index} must be an integer tensor, not {tensor.dtype}");
        using Tensor longs = tensor.to_type(ScalarType.Int64);
        using Tensor cpu = longs.cpu();
        return cpu.data<long>().ToArray();
    }
}
