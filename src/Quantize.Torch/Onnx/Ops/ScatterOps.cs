using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// ScatterElements and ScatterND: a copy of data with entries replaced (or combined, by reduction) from updates at
/// the given indices. Detection heads' exports write their grid offsets this way. Negative indices count from the end.
/// </summary>
static class ScatterOps
{
    /// <summary>torch's scatter along axis; reduction add sums into the existing entries. Also serves Scatter, its name in opsets 9–10.</summary>
    public static Tensor ScatterElements(OnnxNode node)
    {
        // Index initializers stay on the CPU (see OnnxGraphModule); the writing happens where the data is.
        Tensor data = node.Input(0), updates = node.Input(2).to(data.device);
        long axis = Axes.Normalize(node.Attributes.Int("axis", 0), data.dim(), node);
        Tensor index = Axes.WrapIndices(node.Input(1), data.shape[axis], node).to(data.device);
        return Reduction(node) switch
        {
            "none" => data.scatter(axis, index, updates),
            _ => data.scatter_add(axis, index, updates),
        };
    }

    /// <summary>
    /// Each index tuple (last axis of indices, k long) addresses a slice data[i0..ik-1] that takes the matching slice of
    /// updates; done over data with its first k axes flattened into one, so one index_copy (or index_add) does all.
    /// </summary>
    public static Tensor ScatterND(OnnxNode node)
    {
        Tensor data = node.Input(0), indices = node.Input(1).to(node.Input(0).device), updates = node.Input(2).to(node.Input(0).device);
        int k = (int)indices.shape[^1];
        if (k > data.dim()) throw node.Error($"index tuples of {k} exceed the data's rank {data.dim()}");
        long[] indexed = data.shape[..k], rest = data.shape[k..];
        Tensor tuples = indices.to_type(ScalarType.Int64).reshape(-1, k);
        Tensor linear = zeros([tuples.shape[0]], ScalarType.Int64, data.device);
        for (int j = 0; j < k; j++)
            linear = linear.mul(indexed[j]).add(Axes.WrapIndices(tuples.select(1, j), indexed[j], node));
        Tensor flat = data.reshape([indexed.Aggregate(1L, (a, b) => a * b), .. rest]);
        Tensor rows = updates.reshape([tuples.shape[0], .. rest]);
        Tensor result = Reduction(node) switch
        {
            "none" => flat.index_copy(0, linear, rows),
            _ => flat.index_add(0, linear, rows, ScalarOne.Value),
        };
        return result.reshape(data.shape);
    }

    // Opset 16 added add and mul, 18 max and min; exports write none (the default) or add. TorchSharp 0.107 has no
    // scatter_reduce/index_reduce for the others.
    static string Reduction(OnnxNode node) => node.Attributes.String("reduction", "none") switch
    {
        "none" or "add" => node.Attributes.String("reduction", "none"),
        string other => throw node.Error($"reduction '{other}' is not supported (none, add)"),
    };
}
