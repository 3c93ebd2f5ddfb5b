using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>ReduceMean/Sum/Max/Min/Prod/L1/L2/SumSquare/LogSum/LogSumExp (axes an attribute before opset 18, 13 for ReduceSum; an input after) and Softmax/LogSoftmax/Hardmax.</summary>
static class ReductionOps
{
    public static Tensor ReduceMean(OnnxNode node) => Reduce(node, 18, (x, axes, keep) => x.mean(axes, keep));

    public static Tensor ReduceSum(OnnxNode node) => Reduce(node, 13, (x, axes, keep) => x.sum(axes, keep));

    public static Tensor ReduceMax(OnnxNode node) => Reduce(node, 18, (x, axes, keep) => x.amax(axes, keep));

    public static Tensor ReduceMin(OnnxNode node) => Reduce(node, 18, (x, axes, keep) => x.amin(axes, keep));

    public static Tensor ReduceL1(OnnxNode node) => Reduce(node, 18, (x, axes, keep) => x.abs().sum(axes, keep));

    public static Tensor ReduceL2(OnnxNode node) => Reduce(node, 18, (x, axes, keep) => x.square().sum(axes, keep).sqrt());

    public static Tensor ReduceSumSquare(OnnxNode node) => Reduce(node, 18, (x, axes, keep) => x.square().sum(axes, keep));

    public static Tensor ReduceLogSum(OnnxNode node) => Reduce(node, 18, (x, axes, keep) => x.sum(axes, keep).log());

    public static Tensor ReduceLogSumExp(OnnxNode node) => Reduce(node, 18, (x, axes, keep) =>
    {
        // Shifted by the (detached) maximum so that exp cannot overflow; the shift cancels in value and gradient.
        Tensor max = x.amax(axes, keepdim: true).detach();
        Tensor result = x.sub(max).exp().sum(axes, keepdim: true).log().add(max, ScalarOne.Value);
        return keep ? result : result.reshape(result.shape.Where((_, d) => !axes.Contains(d)).ToArray());
    });

    /// <summary>torch's prod takes one axis at a time: the highest first, so the lower indices stay valid.</summary>
    public static Tensor ReduceProd(OnnxNode node) => Reduce(node, 18, (x, axes, keep) =>
    {
        Tensor result = x;
        foreach (long axis in axes.OrderDescending()) result = result.prod(axis, keep);
        return result;
    });

    public static Tensor Softmax(OnnxNode node) => Normalize(node, (x, dim) => x.softmax(dim));

    public static Tensor LogSoftmax(OnnxNode node) => Normalize(node, (x, dim) => x.log_softmax(dim));

    /// <summary>1 at the first maximum along the axis, 0 elsewhere (the axis convention as Softmax's).</summary>
    public static Tensor Hardmax(OnnxNode node) => Normalize(node, (x, dim) => zeros_like(x).scatter(dim, x.argmax(dim, keepdim: true), ones_like(x)));

    static Tensor Reduce(OnnxNode node, long axesInputSince, Func<Tensor, long[], bool, Tensor> reduce)
    {
        Tensor input = node.Input(0);
        bool keep = node.Attributes.Int("keepdims", 1) != 0;
        long[]? axes = node.AttributeOrInput("axes", 1, axesInputSince);
        if (axes is null || axes.Length == 0)
        {
            // No axes means all of them, unless noop_with_empty_axes (an input-era attribute) says "none".
            if (node.Opset >= axesInputSince && node.Attributes.Int("noop_with_empty_axes", 0) != 0) return input.alias();
            axes = Enumerable.Range(0, (int)input.dim()).Select(d => (long)d).ToArray();
        }
        return reduce(input, Axes.Normalize(axes, input.dim(), node), keep);
    }

    // Opset 13 made Softmax act along one axis (default -1); before, it flattened to 2-D at axis
    // (default 1) and normalised each row of the flattened trailing dimensions.
    static Tensor Normalize(OnnxNode node, Func<Tensor, long, Tensor> normalize)
    {
        Tensor input = node.Input(0);
        if (node.Opset >= 13)
            return normalize(input, Axes.Normalize(node.Attributes.Int("axis", -1), input.dim(), node));
        long axis = input.dim() == 0 ? 0 : Axes.Normalize(node.Attributes.Int("axis", 1), input.dim(), node);
        long outer = 1;
        for (int d = 0; d < axis; d++) outer *= input.shape[d];
        return normalize(input.reshape(outer, -1), 1).reshape(input.shape);
    }
}
