using static TorchSharp.torch;

namespace Quantize.Torch.Onnx.Ops;

/// <summary>
/// Ops that find or pick positions: ArgMax, ArgMin, TopK, NonZero (int64 indices, as ONNX gives them),
/// GatherElements, GatherND, OneHot, Compress, ReverseSequence and Unique. Negative indices count from the end of their axis.
/// </summary>
static class IndexingOps
{
    public static Tensor ArgMax(OnnxNode node) => ArgExtreme(node, (x, axis) => x.argmax(axis, keepdim: true));

    public static Tensor ArgMin(OnnxNode node) => ArgExtreme(node, (x, axis) => x.argmin(axis, keepdim: true));

    /// <summary>torch returns the first extreme; select_last_index asks for the last, found on the axis reversed.</summary>
    static Tensor ArgExtreme(OnnxNode node, Func<Tensor, long, Tensor> find)
    {
        Tensor input = node.Input(0);
        long axis = Axes.Normalize(node.Attributes.Int("axis", 0), input.dim(), node);
        Tensor indices = node.Attributes.Int("select_last_index", 0) != 0
            ? find(input.flip(axis), axis).neg().add(input.shape[axis] - 1)
            : find(input, axis);
        return node.Attributes.Int("keepdims", 1) != 0 ? indices : indices.squeeze(axis);
    }

    /// <summary>
    /// Values and int64 indices of the k largest (or smallest) along axis; k is an attribute before opset 10 and a
    /// one-element input from then on. Always sorted: for sorted = 0 ONNX leaves the order open.
    /// </summary>
    public static Tensor[] TopK(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long k = node.Opset >= 10 ? node.Longs(1).Single() : node.Attributes.Int("k", 0);
        long axis = Axes.Normalize(node.Attributes.Int("axis", -1), input.dim(), node);
        if (k < 0 || k > input.shape[axis]) throw node.Error($"k = {k} is out of range for an axis of size {input.shape[axis]}");
        bool largest = node.Opset < 11 || node.Attributes.Int("largest", 1) != 0;
        (Tensor values, Tensor indices) = input.topk((int)k, (int)axis, largest, sorted: true);
        return [values, indices];
    }

    /// <summary>The coordinates of the nonzero elements as [rank, count], in row-major order.</summary>
    public static Tensor NonZero(OnnxNode node) => node.Input(0).nonzero().t().contiguous();

    /// <summary>out[i][j][k] = data[index[i][j][k]][j][k] for axis 0, and so on: torch's gather.</summary>
    public static Tensor GatherElements(OnnxNode node)
    {
        Tensor data = node.Input(0);
        long axis = Axes.Normalize(node.Attributes.Int("axis", 0), data.dim(), node);
        return data.gather(axis, Axes.WrapIndices(node.Input(1), data.shape[axis], node).to(data.device));
    }

    /// <summary>
    /// Each index tuple (the last axis of indices, k long) picks a slice of data after batch_dims shared leading axes:
    /// out shape = batch + indices[batch_dims:-1] + data[batch_dims+k:]. Done as one index_select over data with the
    /// batch and the k indexed axes flattened into one.
    /// </summary>
    public static Tensor GatherND(OnnxNode node)
    {
        Tensor data = node.Input(0), indices = node.Input(1);
        int batchDims = (int)node.Attributes.Int("batch_dims", 0);
        int k = (int)indices.shape[^1];
        if (batchDims + k > data.dim()) throw node.Error($"index tuples of {k} after {batchDims} batch axes exceed the data's rank {data.dim()}");
        long[] batch = data.shape[..batchDims], indexed = data.shape[batchDims..(batchDims + k)], rest = data.shape[(batchDims + k)..];
        long batchSize = batch.Aggregate(1L, (a, b) => a * b), slices = indexed.Aggregate(1L, (a, b) => a * b);
        // Index initializers stay on the CPU (see OnnxGraphModule); the picking happens where the data is.
        Tensor tuples = indices.to_type(ScalarType.Int64).to(data.device).reshape(batchSize, -1, k);
        // Row-major offset of each tuple among the indexed axes, each coordinate wrapped into its axis first.
        Tensor offset = zeros([batchSize, tuples.shape[1]], ScalarType.Int64, data.device);
        for (int j = 0; j < k; j++)
            offset = offset.mul(indexed[j]).add(Axes.WrapIndices(tuples.select(2, j), indexed[j], node));
        Tensor linear = offset.add(arange(batchSize, dtype: ScalarType.Int64, device: data.device).mul(slices).unsqueeze(1));
        Tensor picked = data.reshape([batchSize * slices, .. rest]).index_select(0, linear.flatten());
        return picked.reshape([.. batch, .. indices.shape[batchDims..^1], .. rest]);
    }

    /// <summary>
    /// A new axis (at axis, default last) of length depth, holding values[1] where the index points and values[0]
    /// elsewhere; indices in [−depth, depth) wrap, others give a row of values[0].
    /// </summary>
    public static Tensor OneHot(OnnxNode node)
    {
        Tensor indices = node.Input(0), values = node.Input(2);
        long depth;
        using (Tensor d = node.Input(1).to_type(ScalarType.Float64).cpu()) depth = (long)d.flatten()[0].item<double>();
        if (values.numel() != 2) throw node.Error($"values must hold [off, on], not {values.numel()} elements");
        long axis = Axes.Normalize(node.Attributes.Int("axis", -1), indices.dim() + 1, node);
        Tensor index = indices.to_type(ScalarType.Int64);
        index = index.where(index.ge(0), index.add(depth)).unsqueeze(axis);
        long[] positionShape = Enumerable.Repeat(1L, (int)indices.dim() + 1).ToArray();
        positionShape[axis] = depth;
        Tensor hot = index.eq(arange(depth, dtype: ScalarType.Int64, device: index.device).reshape(positionShape));
        Tensor flat = values.flatten();
        return flat[1].where(hot, flat[0]);
    }

    /// <summary>The slices along axis (of the flattened input without one) where the 1-D condition is true; it may be shorter than the axis.</summary>
    public static Tensor Compress(OnnxNode node)
    {
        Tensor input = node.Input(0), condition = node.Input(1).to_type(ScalarType.Bool).flatten();
        bool flat = !node.Attributes.Has("axis");
        Tensor source = flat ? input.flatten() : input;
        long axis = flat ? 0 : Axes.Normalize(node.Attributes.Int("axis", 0), input.dim(), node);
        if (condition.shape[0] > source.shape[axis]) throw node.Error($"a condition of {condition.shape[0]} entries is longer than the axis ({source.shape[axis]})");
        return source.index_select(axis, condition.nonzero().flatten().to(source.device));
    }

    /// <summary>Reverses the first sequence_lens[b] steps along time_axis (default 0) of each batch entry b along batch_axis (default 1).</summary>
    public static Tensor ReverseSequence(OnnxNode node)
    {
        Tensor input = node.Input(0);
        long[] lengths = node.Longs(1);
        long time = Axes.Normalize(node.Attributes.Int("time_axis", 0), input.dim(), node), batch = Axes.Normalize(node.Attributes.Int("batch_axis", 1), input.dim(), node);
        long steps = input.shape[time], entries = input.shape[batch];
        if (lengths.Length != entries) throw node.Error($"{lengths.Length} sequence lengths for a batch of {entries}");
        var order = new long[steps * entries];
        for (long t = 0; t < steps; t++)
            for (long b = 0; b < entries; b++)
                order[t * entries + b] = t < lengths[b] ? lengths[b] - 1 - t : t;
        long[] indexShape = Enumerable.Repeat(1L, (int)input.dim()).ToArray();
        indexShape[time] = steps;
        indexShape[batch] = entries;
        Tensor index = tensor(order, [steps, entries], device: input.device);
        if (time > batch) index = index.t();
        return input.gather(time, index.reshape(indexShape).expand(input.shape));
    }

    /// <summary>
    /// The distinct elements of the flattened input (an axis is not supported), ascending (sorted, the default) or in the
    /// order they first occur, with int64 outputs: each one's first index, each input element's position among them,
    /// and their counts.
    /// </summary>
    public static Tensor[] Unique(OnnxNode node)
    {
        if (node.Attributes.Has("axis")) throw node.Error("Unique along an axis is not supported");
        Tensor flat = node.Input(0).flatten();
        (Tensor values, Tensor? inverse, Tensor? counts) = flat.unique(sorted: true, return_inverse: true, return_counts: true);
        long[] positionOf;
        using (Tensor cpu = inverse!.cpu()) positionOf = cpu.data<long>().ToArray();
        long distinct = values.shape[0];
        var first = Enumerable.Repeat(long.MaxValue, (int)distinct).ToArray();
        for (long i = positionOf.Length - 1; i >= 0; i--) first[positionOf[i]] = i;
        // Unsorted: the distinct values in order of first occurrence, and every position renumbered to match.
        long[] order = node.Attributes.Int("sorted", 1) != 0
            ? Enumerable.Range(0, (int)distinct).Select(i => (long)i).ToArray()
            : Enumerable.Range(0, (int)distinct).Select(i => (long)i).OrderBy(i => first[i]).ToArray();
        var rank = new long[distinct];
        for (int j = 0; j < order.Length; j++) rank[order[j]] = j;
        Device device = flat.device;
        Tensor reorder = tensor(order, device: device);
        return
        [
            values.index_select(0, reorder),
            tensor(order.Select(i => first[i]).ToArray(), device: device),
            tensor(positionOf.Select(p => rank[p]).ToArray(), device: device),
            counts!.index_select(0, reorder),
        ];
    }
}
