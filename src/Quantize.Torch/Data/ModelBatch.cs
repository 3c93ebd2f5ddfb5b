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
    /// <summary>The number of samples: the first dimension every input shares.</summary>
    public long Count => Inputs.Count == 0 ? 0 : Inputs.Values.First().shape[0];
}
