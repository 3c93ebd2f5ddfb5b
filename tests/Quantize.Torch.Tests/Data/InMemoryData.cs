using Quantize.Torch.Data;
using static TorchSharp.torch;

namespace Quantize.Torch.Tests.Data;

/// <summary>
/// Named input tensors held in memory (the form every data reader decodes to), served by position: the simplest
/// real <see cref="IModelData"/>, for tests of the consumers. The caller keeps ownership of the tensors.
/// </summary>
sealed class InMemoryData(IReadOnlyDictionary<string, Tensor> inputs, Tensor? labels = null) : IModelData
{
    public int Count => (int)inputs.Values.First().shape[0];

    public bool HasLabels => labels is not null;

    public ModelBatch Batch(ReadOnlySpan<int> positions, Device? device = null)
    {
        Tensor index = tensor(positions.ToArray().Select(p => (long)p).ToArray());
        var batch = inputs.ToDictionary(p => p.Key, p => p.Value.index_select(0, index).to(device ?? CPU));
        return new ModelBatch(batch, labels?.index_select(0, index).to(device ?? CPU));
    }
}
