using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>Gemm (Y = alpha·A'·B' + beta·C) and MatMul.</summary>
static class LinearOps
{
    public static Tensor Gemm(OnnxNode node)
    {
        NodeAttributes a = node.Attributes;
        Tensor left = node.Input(0), right = node.Input(1);
        if (a.Int("transA", 0) != 0) left = left.t();
        if (a.Int("transB", 0) != 0) right = right.t();
        Tensor product = left.matmul(right);
        float alpha = a.Float("alpha", 1f), beta = a.Float("beta", 1f);
        if (alpha != 1f) product = product.mul(alpha);
        Tensor? bias = node.OptionalInput(2);
        if (bias is null) return product;
        return beta == 1f ? product.add(bias, ScalarOne.Value) : product.add(bias.mul(beta), ScalarOne.Value);
    }

    public static Tensor MatMul(OnnxNode node) => node.Input(0).matmul(node.Input(1));
}
