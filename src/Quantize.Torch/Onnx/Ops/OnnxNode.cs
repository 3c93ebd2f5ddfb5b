using Quantize.Format.Onnx.Proto;
using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>One node during execution: its proto, attributes and resolved input tensors (null for an omitted optional input).</summary>
public sealed class OnnxNode(NodeProto proto, Tensor?[] inputs)
{
    public NodeProto Proto { get; } = proto;

    public NodeAttributes Attributes { get; } = new(proto);

    public Tensor?[] Inputs { get; } = inputs;

    public string Description => $"{Proto.OpType} node '{(string.IsNullOrEmpty(Proto.Name) ? Proto.Output.FirstOrDefault() : Proto.Name)}'";

    public Tensor Input(int index) =>
        index < Inputs.Length && Inputs[index] is { } tensor ? tensor : throw Error($"needs input {index}");

    public Tensor? OptionalInput(int index) => index < Inputs.Length ? Inputs[index] : null;

    public OnnxExecutionException Error(string problem) => new($"{Description}: {problem}");
}
