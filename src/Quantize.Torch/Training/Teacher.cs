using Quantize.Torch.Data;
using Quantize.Torch.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Quantize.Torch.Training;

/// <summary>
/// The original model's outputs, for distillation, without a second copy of the graph: the values of the
/// parameters training will change are kept from the moment of the snapshot, and for each batch they are swapped
/// in, the model runs once without gradients, and the current values are swapped back. It costs one forward pass
/// and two copies of those parameters per batch, and memory for one copy.
/// </summary>
public sealed class Teacher : IDisposable
{
    readonly OnnxGraphModule model;
    readonly (Parameter Parameter, Tensor Original)[] kept;

    Teacher(OnnxGraphModule model, (Parameter, Tensor)[] kept)
    {
        this.model = model;
        this.kept = kept;
    }

    /// <summary>Keeps the current values of <paramref name="parameters"/> (default: every initializer) as the teacher's.</summary>
    public static Teacher Snapshot(OnnxGraphModule model, IEnumerable<Parameter>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var _ = no_grad();
        (Parameter, Tensor)[] kept = (parameters ?? model.Initializers.Values)
            .Select(p => (p, p.detach().clone().DetachFromDisposeScope()))
            .ToArray();
        return new Teacher(model, kept);
    }

    /// <summary>The teacher's primary outputs for the batch ([N, D], no gradient); the model's current values are restored after.</summary>
    public Tensor Outputs(ModelBatch batch)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor[] current = kept.Select(k => k.Parameter.detach().clone()).ToArray();
        try
        {
            foreach ((Parameter parameter, Tensor original) in kept) parameter.copy_(original);
            return model.Primary(batch).detach().MoveToOuterDisposeScope();
        }
        finally
        {
            for (int i = 0; i < kept.Length; i++) kept[i].Parameter.copy_(current[i]);
        }
    }

    public void Dispose()
    {
        foreach ((_, Tensor original) in kept) original.Dispose();
    }
}
