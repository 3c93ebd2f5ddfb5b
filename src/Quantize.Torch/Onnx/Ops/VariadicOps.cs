using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Sum, Mean, Max and Min over any number of inputs, with numpy broadcasting (old IR-3 exports use Sum for residual adds).</summary>
static class VariadicOps
{
    public static Tensor Sum(OnnxNode node) => Fold(node, (a, b) => a.add(b, ScalarOne.Value));

    public static Tensor Mean(OnnxNode node) => Fold(node, (a, b) => a.add(b, ScalarOne.Value)).div(Present(node).Length);

    public static Tensor Max(OnnxNode node) => Fold(node, (a, b) => a.maximum(b));

    public static Tensor Min(OnnxNode node) => Fold(node, (a, b) => a.minimum(b));

    static Tensor Fold(OnnxNode node, Func<Tensor, Tensor, Tensor> combine)
    {
        Tensor[] inputs = Present(node);
        if (inputs.Length == 0) throw node.Error("needs at least one input");
        Tensor result = inputs[0].alias();
        for (int i = 1; i < inputs.Length; i++) result = combine(result, inputs[i]);
        return result;
    }

    static Tensor[] Present(OnnxNode node) => node.Inputs.Where(t => t is not null).Select(t => t!).ToArray();
}
