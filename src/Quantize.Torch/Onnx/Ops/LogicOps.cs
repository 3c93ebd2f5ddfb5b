using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Boolean logic, the bitwise ops on integers and the inclusive comparisons (the strict ones and Not sit with the arithmetic).</summary>
static class LogicOps
{
    public static Tensor And(OnnxNode node) => node.Input(0).logical_and(node.Input(1));

    public static Tensor Or(OnnxNode node) => node.Input(0).logical_or(node.Input(1));

    public static Tensor Xor(OnnxNode node) => node.Input(0).logical_xor(node.Input(1));

    public static Tensor GreaterOrEqual(OnnxNode node) => node.Input(0).ge(node.Input(1));

    public static Tensor LessOrEqual(OnnxNode node) => node.Input(0).le(node.Input(1));

    public static Tensor BitwiseAnd(OnnxNode node) => node.Input(0).bitwise_and(node.Input(1));

    public static Tensor BitwiseOr(OnnxNode node) => node.Input(0).bitwise_or(node.Input(1));

    public static Tensor BitwiseXor(OnnxNode node) => node.Input(0).bitwise_xor(node.Input(1));

    public static Tensor BitwiseNot(OnnxNode node) => node.Input(0).bitwise_not();
}
