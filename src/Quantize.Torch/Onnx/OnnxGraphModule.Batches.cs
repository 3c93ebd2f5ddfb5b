using Quantize.Format.Onnx.Proto;
using Quantize.Torch.Data;
using static TorchSharp.torch;
using DataType = Quantize.Format.Onnx.Proto.TensorProto.Types.DataType;

namespace Quantize.Torch.Onnx;

/// <summary>
/// Execution over named inputs, for every model a user brings: a classifier, a BERT-style encoder fed token ids,
/// attention masks and token types, a detector with several output maps. The "primary" outputs are what Hessians,
/// distillation and fidelity look at: the class scores when the graph has them (<see cref="GraphInterface"/>),
/// else every floating output. <see cref="Primary"/> gives them as one [N, D] tensor per batch.
/// </summary>
public sealed partial class OnnxGraphModule
{
    readonly IReadOnlyList<NodeProto> primaryNodes;
    readonly Dictionary<string, DeclaredValue> declaredInputs;

    /// <summary>Whether the graph gives class scores ([N,C] floating); if not, every floating output is primary.</summary>
    public bool HasClassScores => scores.HasClassScores;

    /// <summary>The outputs <see cref="Forward(ModelBatch)"/> returns, in this order.</summary>
    public IReadOnlyList<string> PrimaryOutputs => scores.PrimaryOutputs;

    /// <summary>The nodes <see cref="Forward(ModelBatch)"/> runs, in execution order.</summary>
    public IReadOnlyList<NodeProto> PrimaryNodes => primaryNodes;

    /// <summary>The fed inputs the primary outputs read: what a <see cref="ModelBatch"/> must carry.</summary>
    public IReadOnlyList<string> PrimaryInputs
    {
        get
        {
            var read = new HashSet<string>(primaryNodes.SelectMany(SubgraphReads.AllInputs), StringComparer.Ordinal);
            read.UnionWith(PrimaryOutputs); // an input passed straight through
            return inputNames.Where(read.Contains).ToArray();
        }
    }

    /// <summary>
    /// Runs the nodes behind <see cref="PrimaryOutputs"/> on the batch's inputs (by name; inputs the outputs do not
    /// read are ignored) and returns the outputs in that order. Inputs arrive as stored: float64/float16 data are
    /// computed in float32 and int32 ids widened to int64 where the input declares so. With a
    /// <see cref="FixedBatch"/> B and N ≠ B, the graph runs B samples at a time.
    /// </summary>
    public Tensor[] Forward(ModelBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var fed = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (string name in PrimaryInputs)
            fed[name] = batch.Inputs.TryGetValue(name, out Tensor? value) ? AsDeclared(name, value)
                : throw new OnnxExecutionException($"the model needs input '{name}', which the data does not give (it gives: {string.Join(", ", batch.Inputs.Keys)})");
        Tensor[] outputs = fixedBatch is long b && batch.Count != b && fed.Count > 0 ? NamedInFixedBatches(fed, batch.Count, b) : RunPrimary(fed);
        foreach (Tensor output in outputs) output.MoveToOuterDisposeScope();
        return outputs;
    }

    /// <summary>
    /// The primary outputs as one [N, D] tensor: the class scores as they are, else each output flattened per sample
    /// (the batch its first dimension, or the one dimension of the batch's size, as in a recurrent state [2, N, 128])
    /// and joined in <see cref="PrimaryOutputs"/> order.
    /// </summary>
    public Tensor Primary(ModelBatch batch)
    {
        Tensor[] outputs = Forward(batch);
        return outputs.Length == 1 && HasClassScores ? outputs[0] : JoinPerSample(outputs, batch.Count);
    }

    /// <summary>Outputs [N, ...] (or [..., N, ...] where one axis has the batch's size) flattened to [N, D_i] and joined to [N, Σ D_i]; the given tensors are consumed.</summary>
    public static Tensor JoinPerSample(IReadOnlyList<Tensor> outputs, long count)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var scope = NewDisposeScope();
        var flat = new Tensor[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
        {
            Tensor output = outputs[i];
            int batchAxis = BatchAxis(output, count);
            if (batchAxis < 0)
                throw new OnnxExecutionException(
                    $"a model output has shape [{string.Join(",", output.shape)}] for a batch of {count}; per-sample use needs one dimension of the batch's size, the first where several are");
            if (batchAxis > 0) output = output.movedim([batchAxis], [0]);
            flat[i] = output.is_floating_point() ? output.reshape(count, -1) : output.reshape(count, -1).to_type(ScalarType.Float32);
        }
        Tensor joined = flat.Length == 1 ? flat[0] : cat(flat, 1);
        return joined.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The axis of an output that holds the batch: the first when it has the batch's size, else the one axis that has it
    /// (a recurrent state [layers, batch, hidden]); -1 when none does, or several besides the first.
    /// </summary>
    public static int BatchAxis(Tensor output, long count)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.dim() > 0 && output.shape[0] == count) return 0;
        int[] axes = Enumerable.Range(0, (int)output.dim()).Where(d => output.shape[d] == count).ToArray();
        return axes.Length == 1 ? axes[0] : -1;
    }

    Tensor[] RunPrimary(Dictionary<string, Tensor> fed)
    {
        Dictionary<string, Tensor> values = Execute(fed, primaryNodes);
        return PrimaryOutputs.Select(name => Output(values, name)).ToArray();
    }

    // As InFixedBatches, for every fed input at once: a short last chunk is padded with zeros and its rows dropped.
    Tensor[] NamedInFixedBatches(Dictionary<string, Tensor> fed, long count, long batch)
    {
        if (NodeObserver != null && count > batch)
            throw new OnnxExecutionException($"the model takes batches of exactly {batch}; a pass watched node by node must not be larger");
        var parts = new List<Tensor[]>();
        for (long start = 0; start < count; start += batch)
        {
            long size = Math.Min(batch, count - start);
            var chunk = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach ((string name, Tensor value) in fed)
            {
                Tensor part = value.narrow(0, start, size);
                chunk[name] = size < batch ? cat([part, zeros([batch - size, .. part.shape[1..]], part.dtype, part.device)], 0) : part;
            }
            parts.Add(RunPrimary(chunk).Select(o => size < batch ? o.narrow(0, 0, size) : o).ToArray());
        }
        return Enumerable.Range(0, PrimaryOutputs.Count).Select(o => cat(parts.Select(p => p[o]).ToArray(), 0)).ToArray();
    }

    // Data files store what numpy wrote (float64 pixels, int32 ids); the graph computes in its declared types.
    Tensor AsDeclared(string name, Tensor value)
    {
        DeclaredValue declared = declaredInputs[name];
        DataType type = (DataType)declared.ElementType;
        if (declared.IsFloating || (declared.ElementType == 0 && value.is_floating_point()))
            return value.dtype == ScalarType.Float32 ? value : value.to_type(ScalarType.Float32);
        if (type == DataType.Int64 && value.dtype != ScalarType.Int64) return value.to_type(ScalarType.Int64);
        if (type == DataType.Int32 && value.dtype != ScalarType.Int32) return value.to_type(ScalarType.Int32);
        if (type == DataType.Bool && value.dtype != ScalarType.Bool) return value.ne(0);
        return value;
    }
}
