using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>If: runs the branch the one-element condition picks; the branch reads the outer scope, and gradients flow through it.</summary>
static class ControlFlowOps
{
    public static Tensor[] If(OnnxNode node)
    {
        Tensor condition = node.Input(0);
        if (condition.numel() != 1) throw node.Error($"the condition must have one element, not {condition.numel()}");
        using Tensor flag = condition.reshape([]).to_type(ScalarType.Bool).cpu();
        string name = flag.item<bool>() ? "then_branch" : "else_branch";
        var branch = node.Attributes.Graph(name) ?? throw node.Error($"has no {name}");
        Func<Quantize.Format.Onnx.Proto.GraphProto, Tensor[]> run = node.Subgraph ?? throw node.Error("cannot run subgraphs here");
        Tensor[] outputs = run(branch);
        if (outputs.Length != node.Proto.Output.Count) throw node.Error($"{name} gives {outputs.Length} outputs for {node.Proto.Output.Count}");
        return outputs;
    }
}
