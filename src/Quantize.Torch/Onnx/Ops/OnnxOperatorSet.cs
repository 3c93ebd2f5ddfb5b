using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>The ops we execute, by ONNX op_type (default domain). Each returns the node's first output.</summary>
static class OnnxOperatorSet
{
    static readonly Dictionary<string, Func<OnnxNode, Tensor>> Ops = new(StringComparer.Ordinal)
    {
        ["Conv"] = ConvolutionOps.Conv,
        ["MaxPool"] = PoolingOps.MaxPool,
        ["Gemm"] = LinearOps.Gemm,
        ["MatMul"] = LinearOps.MatMul,
        ["Relu"] = ElementwiseOps.Relu,
        ["Add"] = ElementwiseOps.Add,
        ["Identity"] = ElementwiseOps.Identity,
        ["Dropout"] = ElementwiseOps.Identity,
        ["Flatten"] = ShapeOps.Flatten,
        ["Reshape"] = ShapeOps.Reshape,
    };

    public static IReadOnlyCollection<string> Supported => Ops.Keys;

    public static Func<OnnxNode, Tensor>? Find(string domain, string opType) =>
        (domain is "" or "ai.onnx") && Ops.TryGetValue(opType, out var op) ? op : null;
}
