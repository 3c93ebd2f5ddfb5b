using static TorchSharp.torch;

namespace Quantize.Torch.Data;

/// <summary>
/// One batch as a model takes it: a tensor per fed graph input, keyed by the input's name (images already
/// preprocessed and in the layout the input declares; token ids, masks as stored), and the class labels
/// when the data has them. Every command that runs a model (eval, hessian, prune, fine-tuning, compress's
/// evaluation) consumes batches of this shape, whatever the data's form on disk.
/// </summary>
public sealed record ModelBatch(IReadOnlyDictionary<string, Tensor> Inputs, Tensor? Labels)
{
    /// <summary>
    /// Where an input's samples lie when not on axis 0: a recurrent state's batch axis ([layers, batch, hidden]: 1), or
    /// -1 for a scalar fed whole with every batch (an audio model's sample rate). Inputs not listed: axis 0.
    /// </summary>
    public IReadOnlyDictionary<string, int> SampleAxes { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The number of samples: the size of every input's sample axis.</summary>
    public long Count => Inputs.Where(p => AxisOf(p.Key) >= 0).Select(p => p.Value.shape[AxisOf(p.Key)]).FirstOrDefault();

    /// <summary>Samples start .. start + length of every input (and label), each along its own sample axis.</summary>
    public ModelBatch Narrow(long start, long length) =>
        new(Inputs.ToDictionary(p => p.Key, p => AxisOf(p.Key) is int axis and >= 0 ? p.Value.narrow(axis, start, length) : p.Value, StringComparer.Ordinal),
            Labels?.narrow(0, start, length)) { SampleAxes = SampleAxes };

    int AxisOf(string input) => SampleAxes.TryGetValue(input, out int axis) ? axis : 0;
}
